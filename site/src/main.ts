import { createApp } from 'vue';
import App from './App.vue';
import { runnerStatus } from './runner.js';
import './styles/base.css';
import './styles/layout.css';
import './styles/prose.css';
import './styles/code.css';
import 'virtual:code-colours.css';

createApp(App).mount('#app');
// Where the lab runner answers, the sidebar shows each lab's progress as the runner keeps it, on every page.
void runnerStatus();
