import { createContext, useContext } from 'react';
import { LANGUAGES, WORDS, type Language, type Words } from './i18n';

/** The language shown and its words, for every part of the page. */
export const LanguageContext = createContext<{ language: Language; w: Words }>({ language: 'fr', w: WORDS.fr });

export function useWords(): { language: Language; w: Words } {
  return useContext(LanguageContext);
}

/** Français | English: two buttons, the shown one pressed. */
export function LanguageSwitch({ onChange }: { onChange: (language: Language) => void }) {
  const { language, w } = useWords();
  return (
    <nav className="languages" aria-label={w.lang.choose}>
      {LANGUAGES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === language} onClick={() => onChange(l)}>
          {WORDS[l].lang[l]}
        </button>
      ))}
    </nav>
  );
}
