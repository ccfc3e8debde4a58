import { render } from 'preact';
import { App } from './app/App';
import { locale } from './i18n';
import './styles.css';

document.documentElement.lang = locale.value;
const root = document.getElementById('app');
if (root !== null) render(<App />, root);
