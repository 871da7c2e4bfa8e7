import { useRef, type KeyboardEvent, type ReactNode, type Ref } from 'react';

export type TabItem<Id extends string> = { readonly id: Id; readonly label: ReactNode };

export type TabsProps<Id extends string> = {
  /** Names the tab list for assistive technology. */
  label: string;
  /** Prefix of the tabs' and panels' ids: `${idPrefix}-tab-${id}` and `${idPrefix}-panel-${id}`. */
  idPrefix: string;
  tabs: readonly TabItem<Id>[];
  selected: Id;
  onSelect(id: Id): void;
  className?: string;
};

const tabId = (idPrefix: string, id: string) => `${idPrefix}-tab-${id}`;
const tabPanelId = (idPrefix: string, id: string) => `${idPrefix}-panel-${id}`;

/**
 * A tab list as WAI-ARIA's tabs pattern has it: one tab in the Tab order, arrow keys, Home and End move
 * between tabs and select them. The panels are the parent's, with `tabPanelId` ids.
 */
export function Tabs<Id extends string>({ label, idPrefix, tabs, selected, onSelect, className }: TabsProps<Id>) {
  const list = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((tab) => tab.id === selected);
    const next = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    if (!tab) return;
    onSelect(tab.id);
    list.current?.querySelector<HTMLElement>(`#${CSS.escape(tabId(idPrefix, tab.id))}`)?.focus();
  };

  return (
    <div ref={list} role="tablist" aria-label={label} className={`tabs ${className ?? ''}`} onKeyDown={onKeyDown}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={tabId(idPrefix, tab.id)}
          aria-selected={tab.id === selected}
          aria-controls={tabPanelId(idPrefix, tab.id)}
          tabIndex={tab.id === selected ? 0 : -1}
          className="tabs__tab"
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

export type TabPanelProps = {
  idPrefix: string;
  id: string;
  selected: boolean;
  className?: string;
  /** Makes the panel itself focusable, for panels that scroll (the keyboard scrolls what has focus). */
  focusable?: boolean;
  ref?: Ref<HTMLDivElement>;
  children: ReactNode;
};

/** The panel of one tab: labelled by its tab, hidden (but kept mounted) while another tab is selected. */
export function TabPanel({ idPrefix, id, selected, className, focusable, ref, children }: TabPanelProps) {
  return (
    <div
      ref={ref}
      role="tabpanel"
      id={tabPanelId(idPrefix, id)}
      aria-labelledby={tabId(idPrefix, id)}
      className={className}
      hidden={!selected}
      tabIndex={focusable ? 0 : undefined}
    >
      {children}
    </div>
  );
}
