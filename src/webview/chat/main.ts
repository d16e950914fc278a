import { keepNonTextContrast } from '../shared/nonTextContrast';
import './chatApp';

keepNonTextContrast();
document.getElementById('root')?.append(document.createElement('sb-chat-app'));
