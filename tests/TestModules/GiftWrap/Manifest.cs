using RetailCommerce.Modules;

[assembly: Module("GiftWrap", "Gift wrap",
    Description = "Offers gift wrapping for products (test module).",
    Category = "Test")]
