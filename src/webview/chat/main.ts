import './welcomeView';
import type { WelcomeView } from './welcomeView';
import { onHostMessage, post } from './vscodeApi';

const welcome = document.createElement('sb-welcome') as WelcomeView;
document.getElementById('root')?.append(welcome);

onHostMessage((message) => {
  if (message.type === 'setup') {
    welcome.summary = message.summary;
    welcome.requestUpdate();
  }
});

post({ type: 'ready' });
