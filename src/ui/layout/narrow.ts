/** At this width and below, the panes become tabs and the top bar tightens (styles.css's narrow rules). */
export const NARROW_QUERY = '(max-width: 700px)';
