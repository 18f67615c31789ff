using RetailCommerce.Modules;

[assembly: Module("recommendations", "Recommendations",
    Description = "Product recommendations for every placement (for you, bought together, also viewed, similar, cart add-ons, trending, new for you, recently viewed, because you viewed): co-occurrence, item-kNN, implicit ALS, content similarity and a LightGBM-blended ranker, with business rules, reasons, exposure logging and versioned models.",
    Category = "Merchandising")]
