// mjml ships no type declarations: the one function Passerelle calls (MJML 5 renders asynchronously)
declare module 'mjml' {
  const mjml2html: (input: string, options?: object) => Promise<{ html: string; errors: { formattedMessage: string }[] }>;
  export default mjml2html;
}
