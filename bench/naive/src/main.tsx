import { createRoot } from 'react-dom/client';
import 'katex/dist/katex.min.css';
import './style.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<App />);
