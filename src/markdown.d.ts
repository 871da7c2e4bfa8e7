/** `.md` files are rendered to HTML at build time by build/markdown-plugin.ts. */
declare module '*.md' {
  const html: string;
  export default html;
}
