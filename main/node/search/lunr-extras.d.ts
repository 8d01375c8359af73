// Parts of lunr 2.3.9's public API that @types/lunr leaves out: the query parser, clause
// presence, and TokenSet's constructors. Shapes follow lunr's own source.
import 'lunr';

declare module 'lunr' {
  namespace Query {
    interface Clause {
      presence?: Query.presence;
    }
  }
  class QueryParser {
    constructor(str: string, query: Query);
    parse(): Query;
  }
  namespace TokenSet {
    function fromArray(sortedWords: string[]): TokenSet;
    function fromString(str: string): TokenSet;
    function fromFuzzyString(str: string, editDistance: number): TokenSet;
  }
}
