using RetailCommerce.Modules;

[assembly: Module("pricing", "Pricing",
    Description = "Demand forecasts (LightGBM, P50/P90), price elasticity, competitor prices and a guarded price optimizer that proposes or sets prices, with every change explained.",
    Category = "Merchandising")]
