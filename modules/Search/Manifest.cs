using RetailCommerce.Modules;

[assembly: Module("search", "Search",
    Description = "Hybrid lexical (BM25F, typos, synonyms) and semantic product search with facets, autocomplete, merchandising rules, consent-aware personalization and no dead ends.",
    Category = "Discovery")]
