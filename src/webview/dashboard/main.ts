import { keepNonTextContrast } from '../shared/nonTextContrast';
import './dashboardApp';

keepNonTextContrast();
document.getElementById('root')?.append(document.createElement('sb-dashboard-app'));
