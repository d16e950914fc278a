import { keepNonTextContrast } from '../shared/nonTextContrast';
import './dashboardApp';

keepNonTextContrast();
