/** One dictionary of opencc-js: `from to` pairs joined by `|`; the package ships no types for it. */
declare module "opencc-js/dict/TSCharacters" {
  const dictionary: string;
  export default dictionary;
}
