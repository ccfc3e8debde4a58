import { render } from 'preact';
import { App } from './app/App';
import { pruneDrafts } from './app/drafts';
import { locale } from './i18n';
import './styles.css';

document.documentElement.lang = locale.value;
pruneDrafts();
const root = document.getElementById('app');
if (root !== null) render(<App />, root);
