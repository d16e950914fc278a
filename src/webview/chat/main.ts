import { keepNonTextContrast } from '../shared/nonTextContrast';
import './chatApp';

keepNonTextContrast();
