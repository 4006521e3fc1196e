// The theme, given once at the root to every view.
import { createContext, useContext } from 'react';
import { type Theme, createTheme } from '../theme.js';

export const ThemeContext = createContext<Theme>(createTheme({}));

export const useTheme = (): Theme => useContext(ThemeContext);
