import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { savePrefs } from './lib/prefs.svelte';
import { api } from './lib/api';
import { useCoreToday } from './lib/dates';
import { desk } from './lib/desk.svelte';

savePrefs();
const target = document.getElementById('app');
// Every screen's "today" is the core's (CHIZAI_TODAY honoured): ask it before the first screen
// computes a default date or the fiscal year. Without the core (a plain browser) the local date.
api
  .appInfo()
  .then((info) => {
    desk.info = info;
    useCoreToday(info.today, info.today_fixed);
  })
  .catch(() => undefined)
  .finally(() => {
    if (target) mount(App, { target });
  });
