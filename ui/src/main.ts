import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { savePrefs } from './lib/prefs.svelte';

savePrefs();
const target = document.getElementById('app');
if (target) mount(App, { target });
