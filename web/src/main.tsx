import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');
// No StrictMode: it does nothing in a production build but its checks in development, and the
// bundle's 102 kB budget had no room for the bytes its wrapper costs.
createRoot(root).render(<App />);
