import './dashboardApp';

document.getElementById('root')?.append(document.createElement('sb-dashboard-app'));
