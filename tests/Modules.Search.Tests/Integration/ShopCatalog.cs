namespace RetailCommerce.Modules.Search.Tests.Integration;

/// <summary>A small furniture-and-kitchen shop, imported through the admin API.</summary>
public static class ShopCatalog
{
    public static object Product(string id, string title, string brand, string category, decimal price, int stock = 5, string? colour = null, string? description = null) => new
    {
        id, title, brand, category, price, currency = "EUR", stock, description,
        attributes = colour is null ? Array.Empty<object>() : new object[] { new { name = "colour", value = colour } },
    };

    public static readonly object[] Products =
    [
        Product("sofa-1", "Grey Velvet Sofa", "Hampton", "Furniture > Living Room > Sofas", 499m, colour: "grey", description: "A three seater sofa in soft grey velvet."),
        Product("sofa-2", "Leather Corner Sofa", "Hampton", "Furniture > Living Room > Sofas", 899m, colour: "brown", description: "Corner sofa in brown leather for large living rooms."),
        Product("sofa-3", "Compact Two Seater Sofa", "Nordic", "Furniture > Living Room > Sofas", 299m, stock: 0, colour: "blue"),
        Product("chair-1", "Oak Dining Chair", "Nordic", "Furniture > Dining > Chairs", 89m, colour: "brown", description: "Solid oak chair with a curved back."),
        Product("chair-2", "Black Metal Bar Stool", "Loft", "Furniture > Dining > Chairs", 59m, colour: "black"),
        Product("table-1", "Oak Dining Table", "Nordic", "Furniture > Dining > Tables", 349m, colour: "brown", description: "Extendable oak table seating six."),
        Product("lamp-1", "Black Floor Lamp", "Loft", "Lighting > Floor Lamps", 79m, colour: "black", description: "Tall reading lamp with a matte black shade."),
        Product("lamp-2", "Brass Table Lamp", "Loft", "Lighting > Table Lamps", 49m, colour: "gold"),
        Product("pan-1", "Black Cast Iron Frying Pan", "ChefPro", "Kitchen > Cookware > Pans", 39m, colour: "black", description: "Pre-seasoned cast iron skillet, 28 cm."),
        Product("pan-2", "Non-Stick Frying Pan", "ChefPro", "Kitchen > Cookware > Pans", 29m, colour: "black"),
        Product("pot-1", "Stainless Steel Stock Pot", "ChefPro", "Kitchen > Cookware > Pots", 45m, colour: "silver"),
        Product("kettle-1", "Black Electric Kettle", "Brewster", "Kitchen > Appliances > Kettles", 35m, colour: "black", description: "1.7 litre kettle with rapid boil."),
        Product("kettle-2", "Stovetop Whistling Kettle", "Brewster", "Kitchen > Appliances > Kettles", 25m, colour: "red"),
        Product("coffee-1", "Espresso Coffee Machine", "Brewster", "Kitchen > Appliances > Coffee", 249m, colour: "black", description: "Pump espresso machine with milk frother."),
        Product("mug-1", "Ceramic Coffee Mug", "Brewster", "Kitchen > Tableware > Mugs", 9m, colour: "white"),
        Product("rug-1", "Black Wool Rug", "Nordic", "Furniture > Living Room > Rugs", 159m, colour: "black"),
        Product("hose-1", "Garden Hose 30 m", "GreenThumb", "Garden > Watering > Hoses", 39m, colour: "green"),
        Product("can-1", "Metal Watering Can", "GreenThumb", "Garden > Watering > Cans", 19m, colour: "green"),
        Product("mower-1", "Cordless Lawn Mower", "GreenThumb", "Garden > Tools > Mowers", 329m, colour: "green", description: "Battery lawn mower for medium gardens."),
        Product("bbq-1", "Black Charcoal Barbecue", "GreenThumb", "Garden > Outdoor Cooking > Barbecues", 129m, colour: "black"),
    ];
}
