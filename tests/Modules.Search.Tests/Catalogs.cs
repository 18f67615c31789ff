namespace RetailCommerce.Modules.Search.Tests;

/// <summary>Small hand-made catalogs for behaviour tests.</summary>
internal static class Catalogs
{
    public static SearchableProduct P(string id, string title, string? description = null, string? brand = null,
        string[]? category = null, decimal price = 10m, int stock = 5, double popularity = 0, params ProductAttribute[] attributes) =>
        new(id, title, description, brand, category, attributes, price, stock, popularity);

    public static List<SearchableProduct> HomeStore() =>
    [
        P("sofa-1", "Grey Fabric Sofa", "Three seat sofa for the living room", "Hampton Bay", ["Furniture", "Living Room", "Sofas"], 499m,
            attributes: [new("Color", "Grey"), new("Material", "Fabric")]),
        P("sofa-2", "Leather Sectional Sofa with Chaise", "Brown leather sectional", "StyleWell", ["Furniture", "Living Room", "Sofas"], 1299m,
            attributes: [new("Color", "Brown"), new("Material", "Leather")]),
        P("chair-1", "Accent Chair in Blue Velvet", "Armchair for the living room", "StyleWell", ["Furniture", "Living Room", "Chairs"], 189m,
            attributes: [new("Color", "Blue")]),
        P("lamp-1", "Brass Floor Lamp", "Tall lamp with linen shade", "Hampton Bay", ["Lighting", "Floor Lamps"], 79m,
            attributes: [new("Color", "Gold")]),
        P("lamp-2", "LED Desk Lamp with USB Port", "Adjustable arm lamp for the office", "Globe", ["Lighting", "Desk Lamps"], 35m),
        P("speaker-1", "Bluetooth Speaker Waterproof", "Portable wireless speaker", "JBL", ["Electronics", "Audio"], 99m),
        P("tv-1", "Samsung 55 inch 4K Television", "Smart TV with HDR", "Samsung", ["Electronics", "TVs"], 599m),
        P("mount-1", "TV Wall Mount for 32-65 inch screens", "Tilting wall mount", "Echogear", ["Electronics", "TV Mounts"], 39m),
        P("game-1", "Assassin's Creed Valhalla", "Action adventure game", "Ubisoft", ["Games"], 59m),
        P("lock-1", "Heavy Duty Bike Lock", "U-lock with cable for bicycles", "Kryptonite", ["Sports", "Cycling"], 45m),
        P("fridge-1", "Mini Refrigerator 3.1 cu ft", "Compact refrigerator with freezer", "Frigidaire", ["Appliances", "Refrigerators"], 189m),
        P("rug-1", "Wool Area Rug 5 x 8", "Hand tufted rug in grey", "Safavieh", ["Home Decor", "Rugs"], 249m, stock: 0),
    ];
}
