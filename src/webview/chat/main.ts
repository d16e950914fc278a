import './chatApp';

document.getElementById('root')?.append(document.createElement('sb-chat-app'));
