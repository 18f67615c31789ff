using RetailCommerce.Modules;

[assembly: Module("GiftMessages", "Gift messages",
    Description = "Adds a personal message to gift-wrapped orders (test module).",
    Category = "Test",
    Dependencies = ["GiftWrap"])]
