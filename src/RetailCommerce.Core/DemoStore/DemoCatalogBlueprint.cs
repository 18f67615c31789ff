namespace RetailCommerce.DemoStore;

/// <summary>A top-level department of the demo catalog and how its demand moves through the year.</summary>
/// <param name="Name">First level of the category path.</param>
/// <param name="MonthFactors">Demand multiplier per calendar month, January first (the yearly seasonality).</param>
/// <param name="Brands">Brands of the department (invented names).</param>
/// <param name="MarginRange">Range of the store's margin on the list price.</param>
public sealed record DemoDepartment(string Name, double[] MonthFactors, string[] Brands, (double Min, double Max) MarginRange);

/// <summary>A leaf category (third level) and the vocabulary its product titles are made of.</summary>
/// <param name="Department">The first level.</param>
/// <param name="Group">The second level.</param>
/// <param name="Name">The third level.</param>
/// <param name="Nouns">Product types ("Skillet").</param>
/// <param name="Qualifiers">Product lines or features ("Heritage", "Non-Stick").</param>
/// <param name="Materials">Materials, also the <c>material</c> attribute; empty when none applies.</param>
/// <param name="Variants">Sizes or capacities, also the attribute named <paramref name="VariantAttribute"/>; empty when none applies.</param>
/// <param name="VariantAttribute">Name of the variant attribute (<c>size</c>, <c>capacity</c>, <c>screen</c>, ...).</param>
/// <param name="HasColour">Whether products come in colours (the <c>colour</c> attribute).</param>
/// <param name="PriceRange">List prices are drawn log-uniformly in this range.</param>
/// <param name="ReturnRate">Share of purchased items returned.</param>
/// <param name="Giftable">Whether gift buyers shop here.</param>
public sealed record DemoLeaf(DemoDepartment Department, string Group, string Name, string[] Nouns, string[] Qualifiers,
    string[] Materials, string[] Variants, string VariantAttribute, bool HasColour, (decimal Min, decimal Max) PriceRange,
    double ReturnRate, bool Giftable)
{
    /// <summary>The category path as the platform reads it ("Home &gt; Kitchen &gt; Cookware").</summary>
    public string Path => $"{Department.Name} > {Group} > {Name}";
}

/// <summary>
/// The demo catalog's category tree (7 departments, 3 levels, 43 leaves), its brands and title vocabulary,
/// price ranges, margins, return rates, yearly seasonality, and which leaves are bought together.
/// </summary>
public static class DemoCatalogBlueprint
{
    private static readonly string[] Sizes = ["XS", "S", "M", "L", "XL"];
    private static readonly string[] MenSizes = ["S", "M", "L", "XL", "XXL"];

    /// <summary>Colours products come in (the <c>colour</c> attribute).</summary>
    public static readonly string[] Colours = ["Black", "White", "Grey", "Navy", "Beige", "Red", "Green", "Blue", "Pink", "Brown", "Olive", "Mustard"];

    public static readonly DemoDepartment Home = new("Home", [1.0, 0.9, 0.95, 0.95, 0.95, 0.9, 0.85, 0.9, 1.0, 1.05, 1.2, 1.3],
        ["Kessler", "Nordhaus", "Maison Claire", "Oakridge", "Lumo", "Vantaa"], (0.35, 0.55));
    public static readonly DemoDepartment Fashion = new("Fashion", [1.15, 0.85, 1.0, 1.05, 1.05, 1.0, 0.95, 0.9, 1.05, 1.1, 1.2, 1.3],
        ["Aurelle", "Northwind", "Blue Harbour", "Milano Vera", "Fjellstad", "Urban Thread"], (0.45, 0.65));
    public static readonly DemoDepartment Electronics = new("Electronics", [0.9, 0.8, 0.85, 0.85, 0.85, 0.85, 0.85, 0.9, 0.95, 1.0, 1.4, 1.6],
        ["Voltra", "Sonique", "Kairo", "Pixelon", "Arcwave", "Nexel"], (0.12, 0.30));
    public static readonly DemoDepartment Sports = new("Sports", [1.2, 0.9, 1.0, 1.1, 1.3, 1.4, 1.4, 1.2, 0.9, 0.7, 0.7, 0.8],
        ["Summit Peak", "Trailhawk", "Velocor", "Fitforge", "Alpenrand", "Riverstone"], (0.30, 0.50));
    public static readonly DemoDepartment Toys = new("Toys", [0.6, 0.6, 0.7, 0.7, 0.7, 0.7, 0.7, 0.8, 0.9, 1.1, 1.8, 2.6],
        ["Brickly", "Tinker Town", "Happy Owl", "Puzzlewood", "Starling Games"], (0.30, 0.50));
    public static readonly DemoDepartment Beauty = new("Beauty", [0.9, 1.1, 1.0, 1.0, 1.05, 1.0, 0.95, 0.95, 1.0, 1.0, 1.2, 1.5],
        ["Belle Rive", "Pure Origin", "Lumiere", "Verdana Botanics", "Soleia"], (0.50, 0.70));
    public static readonly DemoDepartment Garden = new("Garden", [0.4, 0.5, 1.1, 1.7, 1.9, 1.6, 1.3, 1.0, 0.8, 0.6, 0.4, 0.4],
        ["Greenthumb", "Hortus", "Gartenwerk", "Fernleaf", "Terra Nova"], (0.30, 0.50));

    /// <summary>The departments, in catalog order.</summary>
    public static IReadOnlyList<DemoDepartment> Departments { get; } = [Home, Fashion, Electronics, Sports, Toys, Beauty, Garden];

    /// <summary>The leaves, in catalog order.</summary>
    public static IReadOnlyList<DemoLeaf> Leaves { get; } =
    [
        new(Home, "Kitchen", "Cookware", ["Skillet", "Saucepan", "Casserole", "Wok", "Stockpot", "Grill Pan"], ["Heritage", "Professional", "Everyday", "Induction", "Classic"],
            ["Cast Iron", "Stainless Steel", "Aluminium", "Copper"], ["20 cm", "24 cm", "28 cm", "32 cm"], "size", true, (19m, 179m), 0.03, false),
        new(Home, "Kitchen", "Cutlery", ["Chef's Knife", "Knife Block", "Steak Knife Set", "Cutlery Set", "Bread Knife"], ["Forged", "Santoku", "Classic", "Damascus", "Everyday"],
            ["Stainless Steel", "Carbon Steel", "Ceramic"], [], "size", false, (12m, 229m), 0.03, true),
        new(Home, "Kitchen", "Small Appliances", ["Kettle", "Toaster", "Blender", "Coffee Grinder", "Hand Mixer", "Espresso Machine"], ["Compact", "Retro", "Smart", "Pro", "Quiet"],
            [], [], "size", true, (25m, 399m), 0.05, true),
        new(Home, "Kitchen", "Tableware", ["Dinner Plate Set", "Mug Set", "Serving Bowl", "Glass Set", "Salad Bowl"], ["Rustic", "Nordic", "Classic", "Speckled", "Minimal"],
            ["Stoneware", "Porcelain", "Glass", "Bamboo"], [], "size", true, (12m, 89m), 0.04, true),
        new(Home, "Living", "Lamps", ["Floor Lamp", "Table Lamp", "Pendant Light", "Desk Lamp"], ["Arc", "Industrial", "Dimmable", "Globe", "Mid-Century"],
            ["Brass", "Rattan", "Steel", "Ceramic"], [], "size", true, (29m, 249m), 0.05, false),
        new(Home, "Living", "Cushions", ["Cushion Cover", "Throw Pillow", "Floor Cushion", "Throw Blanket"], ["Boucle", "Knitted", "Striped", "Embroidered", "Plain"],
            ["Cotton", "Linen", "Wool", "Velvet"], ["40x40 cm", "45x45 cm", "50x50 cm"], "size", true, (9m, 69m), 0.06, true),
        new(Home, "Living", "Rugs", ["Area Rug", "Runner", "Doormat", "Round Rug"], ["Berber", "Vintage", "Shaggy", "Flatweave", "Geometric"],
            ["Wool", "Jute", "Cotton", "Polypropylene"], ["80x150 cm", "120x170 cm", "160x230 cm", "200x300 cm"], "size", true, (19m, 399m), 0.07, false),
        new(Home, "Bath", "Towels", ["Bath Towel", "Hand Towel", "Towel Set", "Bath Sheet", "Bathrobe"], ["Waffle", "Organic", "Plush", "Quick-Dry", "Hotel"],
            ["Cotton", "Bamboo", "Linen"], [], "size", true, (9m, 89m), 0.04, true),
        new(Home, "Bath", "Bath Accessories", ["Soap Dispenser", "Bath Mat", "Shower Caddy", "Toothbrush Holder"], ["Terrazzo", "Matte", "Minimal", "Classic"],
            ["Ceramic", "Bamboo", "Stainless Steel"], [], "size", true, (8m, 49m), 0.03, false),

        new(Fashion, "Women", "Dresses", ["Midi Dress", "Maxi Dress", "Wrap Dress", "Shirt Dress", "Knit Dress"], ["Floral", "Pleated", "Belted", "Tiered", "Classic"],
            ["Cotton", "Linen", "Viscose", "Satin", "Wool Blend"], Sizes, "size", true, (29m, 149m), 0.18, false),
        new(Fashion, "Women", "Tops", ["Blouse", "T-Shirt", "Cardigan", "Sweater", "Tank Top"], ["Relaxed", "Cropped", "Ribbed", "Oversized", "Classic"],
            ["Cotton", "Merino Wool", "Cashmere", "Linen", "Modal"], Sizes, "size", true, (14m, 129m), 0.12, false),
        new(Fashion, "Women", "Shoes", ["Ankle Boots", "Sneakers", "Ballet Flats", "Sandals", "Loafers"], ["Chunky", "Minimal", "Platform", "Classic", "Cushioned"],
            ["Leather", "Suede", "Canvas", "Synthetic"], ["36", "37", "38", "39", "40", "41"], "size", true, (39m, 189m), 0.15, false),
        new(Fashion, "Men", "Shirts", ["Oxford Shirt", "Flannel Shirt", "Polo Shirt", "Linen Shirt", "Denim Shirt"], ["Slim Fit", "Regular Fit", "Button-Down", "Short-Sleeve", "Classic"],
            ["Cotton", "Linen", "Cotton Blend"], MenSizes, "size", true, (24m, 99m), 0.12, false),
        new(Fashion, "Men", "Jackets", ["Parka", "Bomber Jacket", "Rain Jacket", "Puffer Jacket", "Wool Coat"], ["Waterproof", "Insulated", "Packable", "Quilted", "Tailored"],
            ["Nylon", "Wool", "Polyester", "Cotton"], MenSizes, "size", true, (59m, 349m), 0.10, false),
        new(Fashion, "Men", "Shoes", ["Sneakers", "Chelsea Boots", "Derby Shoes", "Running Shoes", "Loafers"], ["Classic", "Lightweight", "Retro", "Waterproof", "Minimal"],
            ["Leather", "Suede", "Canvas", "Mesh"], ["40", "41", "42", "43", "44", "45", "46"], "size", true, (49m, 199m), 0.13, false),
        new(Fashion, "Accessories", "Bags", ["Tote Bag", "Backpack", "Crossbody Bag", "Weekender", "Laptop Bag"], ["Everyday", "Structured", "Roll-Top", "Convertible", "Mini"],
            ["Leather", "Canvas", "Nylon", "Vegan Leather"], [], "size", true, (29m, 259m), 0.07, true),
        new(Fashion, "Accessories", "Scarves", ["Scarf", "Beanie", "Gloves", "Snood"], ["Chunky", "Cable Knit", "Lightweight", "Fringed", "Check"],
            ["Wool", "Cashmere", "Cotton", "Acrylic"], [], "size", true, (14m, 119m), 0.05, true),
        new(Fashion, "Accessories", "Watches", ["Automatic Watch", "Chronograph", "Field Watch", "Dress Watch"], ["Classic", "Sport", "Minimal", "Diver"],
            ["Stainless Steel", "Leather", "Titanium"], ["36 mm", "40 mm", "42 mm"], "case size", true, (49m, 499m), 0.05, true),

        new(Electronics, "Audio", "Headphones", ["Over-Ear Headphones", "Wireless Earbuds", "On-Ear Headphones", "Sport Earbuds"], ["Noise-Cancelling", "Studio", "Bass Boost", "Foldable", "Wireless"],
            [], [], "size", true, (19m, 349m), 0.06, true),
        new(Electronics, "Audio", "Speakers", ["Bluetooth Speaker", "Smart Speaker", "Soundbar", "Bookshelf Speakers"], ["Portable", "Waterproof", "Compact", "Hi-Fi"],
            [], [], "size", true, (29m, 499m), 0.05, true),
        new(Electronics, "Computers", "Laptops", ["Laptop", "Ultrabook", "Gaming Laptop", "2-in-1 Laptop"], ["Slim", "Pro", "Air", "Creator", "Business"],
            [], ["13 inch", "14 inch", "15.6 inch", "16 inch"], "screen", true, (449m, 2199m), 0.04, false),
        new(Electronics, "Computers", "Keyboards", ["Mechanical Keyboard", "Wireless Keyboard", "Compact Keyboard", "Ergonomic Keyboard"], ["RGB", "Low-Profile", "Silent", "Tenkeyless"],
            [], [], "size", true, (29m, 179m), 0.04, true),
        new(Electronics, "Computers", "Mice", ["Wireless Mouse", "Gaming Mouse", "Ergonomic Mouse", "Travel Mouse", "Trackball"], ["Silent", "Rechargeable", "Precision", "Vertical"],
            [], [], "size", true, (12m, 119m), 0.03, false),
        new(Electronics, "Computers", "Monitors", ["Monitor", "Curved Monitor", "Portable Monitor", "4K Monitor"], ["IPS", "144 Hz", "USB-C", "Frameless"],
            [], ["24 inch", "27 inch", "32 inch", "34 inch"], "screen", false, (129m, 699m), 0.05, false),
        new(Electronics, "Phone Accessories", "Cases", ["Phone Case", "Wallet Case", "Rugged Case", "Clear Case"], ["Slim", "Magnetic", "Shockproof", "Classic"],
            ["Silicone", "Leather", "TPU", "Recycled Plastic"], [], "size", true, (9m, 49m), 0.04, false),
        new(Electronics, "Phone Accessories", "Chargers", ["USB-C Charger", "Wireless Charger", "Power Bank", "Car Charger", "Charging Cable"], ["Fast", "GaN", "Compact", "3-in-1"],
            [], ["20 W", "30 W", "65 W", "100 W"], "power", true, (9m, 79m), 0.03, false),

        new(Sports, "Outdoor", "Tents", ["Dome Tent", "Tunnel Tent", "Pop-Up Tent", "Backpacking Tent"], ["Ultralight", "Family", "Expedition", "Festival"],
            ["Nylon", "Polyester"], ["2-person", "3-person", "4-person", "6-person"], "capacity", true, (49m, 499m), 0.05, false),
        new(Sports, "Outdoor", "Backpacks", ["Hiking Backpack", "Daypack", "Trekking Pack", "Hydration Pack"], ["Lightweight", "Waterproof", "Ventilated", "Alpine"],
            ["Nylon", "Polyester", "Canvas"], ["20 L", "30 L", "45 L", "65 L"], "capacity", true, (29m, 229m), 0.05, false),
        new(Sports, "Outdoor", "Hiking Boots", ["Hiking Boots", "Trail Shoes", "Approach Shoes", "Winter Boots"], ["Waterproof", "Mid-Cut", "Lightweight", "Insulated"],
            ["Leather", "Suede", "Mesh"], ["38", "39", "40", "41", "42", "43", "44", "45", "46"], "size", true, (69m, 229m), 0.12, false),
        new(Sports, "Fitness", "Yoga Mats", ["Yoga Mat", "Yoga Block", "Yoga Strap", "Exercise Mat"], ["Non-Slip", "Eco", "Extra Thick", "Travel"],
            ["Natural Rubber", "TPE", "Cork", "PVC"], [], "size", true, (9m, 99m), 0.04, false),
        new(Sports, "Fitness", "Dumbbells", ["Dumbbell Set", "Kettlebell", "Adjustable Dumbbells", "Weight Plate"], ["Neoprene", "Hex", "Vinyl", "Competition"],
            ["Cast Iron", "Steel"], ["2 kg", "5 kg", "10 kg", "20 kg"], "weight", false, (15m, 349m), 0.03, false),
        new(Sports, "Cycling", "Helmets", ["Road Helmet", "MTB Helmet", "Commuter Helmet", "Kids' Helmet"], ["Aero", "Ventilated", "Urban", "Lightweight"],
            [], ["S", "M", "L"], "size", true, (29m, 199m), 0.06, false),
        new(Sports, "Cycling", "Bike Lights", ["Front Light", "Rear Light", "Light Set", "Helmet Light"], ["USB Rechargeable", "400 Lumen", "1000 Lumen", "Smart"],
            [], [], "size", false, (9m, 89m), 0.04, false),

        new(Toys, "Games", "Board Games", ["Strategy Game", "Family Game", "Party Game", "Cooperative Game", "Card Game"], ["Classic", "Deluxe", "Travel", "Legacy"],
            [], ["ages 6+", "ages 8+", "ages 10+", "ages 14+"], "age", false, (9m, 69m), 0.02, true),
        new(Toys, "Games", "Puzzles", ["Jigsaw Puzzle", "3D Puzzle", "Puzzle Box"], ["Landscape", "Panorama", "Wooden", "Art"],
            [], ["500 pieces", "1000 pieces", "1500 pieces", "2000 pieces"], "pieces", false, (9m, 49m), 0.02, true),
        new(Toys, "Construction", "Building Sets", ["Building Set", "Marble Run", "Construction Kit", "Robot Kit"], ["Starter", "Creative", "Technic", "City"],
            [], ["ages 4+", "ages 6+", "ages 8+", "ages 12+"], "age", false, (14m, 199m), 0.02, true),
        new(Toys, "Soft Toys", "Plush", ["Teddy Bear", "Plush Fox", "Plush Unicorn", "Plush Dinosaur"], ["Cuddly", "Giant", "Mini", "Classic"],
            [], ["20 cm", "30 cm", "50 cm"], "size", true, (9m, 59m), 0.02, true),

        new(Beauty, "Skincare", "Moisturisers", ["Day Cream", "Night Cream", "Face Serum", "Eye Cream", "Moisturiser"], ["Hydrating", "Anti-Ageing", "Vitamin C", "Hyaluronic", "Sensitive"],
            [], ["30 ml", "50 ml", "100 ml"], "volume", false, (9m, 89m), 0.02, true),
        new(Beauty, "Skincare", "Cleansers", ["Face Wash", "Cleansing Oil", "Micellar Water", "Exfoliator", "Toner"], ["Gentle", "Clarifying", "Foaming", "Balancing"],
            [], ["150 ml", "200 ml", "400 ml"], "volume", false, (6m, 39m), 0.02, false),
        new(Beauty, "Fragrance", "Perfumes", ["Eau de Parfum", "Eau de Toilette", "Body Mist", "Fragrance Gift Set"], ["Citrus", "Woody", "Floral", "Amber", "Fresh"],
            [], ["30 ml", "50 ml", "100 ml"], "volume", false, (19m, 149m), 0.03, true),

        new(Garden, "Tools", "Hand Tools", ["Pruning Shears", "Trowel", "Garden Fork", "Hedge Shears", "Weeder"], ["Ergonomic", "Bypass", "Heavy-Duty", "Classic"],
            ["Steel", "Stainless Steel", "Ash Wood"], [], "size", false, (9m, 69m), 0.03, false),
        new(Garden, "Tools", "Watering", ["Garden Hose", "Hose Reel", "Watering Can", "Sprinkler", "Spray Nozzle"], ["Expandable", "Kink-Free", "Oscillating", "Classic"],
            [], ["15 m", "25 m", "30 m"], "length", true, (9m, 119m), 0.04, false),
        new(Garden, "Furniture", "Outdoor Furniture", ["Garden Chair", "Bistro Set", "Sun Lounger", "Garden Bench", "Parasol"], ["Folding", "Stackable", "Classic", "Weatherproof"],
            ["Teak", "Acacia", "Aluminium", "Rattan"], [], "size", true, (39m, 599m), 0.06, false),
    ];

    /// <summary>
    /// Leaves whose products complement each other; the planted "bought together" pairs join a product of
    /// the first leaf with one of the second.
    /// </summary>
    public static IReadOnlyList<(string First, string Second)> ComplementaryLeaves { get; } =
    [
        ("Home > Kitchen > Cookware", "Home > Kitchen > Cutlery"),
        ("Home > Kitchen > Tableware", "Home > Bath > Towels"),
        ("Home > Living > Lamps", "Home > Living > Cushions"),
        ("Fashion > Women > Dresses", "Fashion > Women > Shoes"),
        ("Fashion > Men > Jackets", "Fashion > Accessories > Scarves"),
        ("Fashion > Men > Shirts", "Fashion > Men > Shoes"),
        ("Electronics > Computers > Laptops", "Electronics > Computers > Mice"),
        ("Electronics > Computers > Monitors", "Electronics > Computers > Keyboards"),
        ("Electronics > Phone Accessories > Cases", "Electronics > Phone Accessories > Chargers"),
        ("Sports > Outdoor > Tents", "Sports > Outdoor > Backpacks"),
        ("Sports > Fitness > Yoga Mats", "Sports > Fitness > Dumbbells"),
        ("Sports > Cycling > Helmets", "Sports > Cycling > Bike Lights"),
        ("Toys > Games > Board Games", "Toys > Games > Puzzles"),
        ("Beauty > Skincare > Cleansers", "Beauty > Skincare > Moisturisers"),
        ("Garden > Tools > Hand Tools", "Garden > Tools > Watering"),
    ];
}
