import { createApp } from 'vue';
import App from './App.vue';
import './styles/base.css';
import './styles/layout.css';
import './styles/prose.css';
import './styles/code.css';

createApp(App).mount('#app');
