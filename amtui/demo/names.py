"""Word lists for the demo book.

Kept as Python (not files under data/) so an installed wheel builds the demo with no
package-data lookups.  Everything here is invented; any likeness to a real company or
person is chance.
"""

from __future__ import annotations

# industry -> (curated company names, name stems, suffixes) for generated names at scale
INDUSTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Advertising": (
        (
            "Brightline Creative",
            "Halcyon & Reed Advertising",
            "Copperleaf Agency",
            "Mosaic Street Partners",
            "Tallgrass Brand Works",
            "Bluefin Media Buying",
            "Kestrel & Vance Partners",
            "Paper Lantern Creative",
            "Northstar Performance Marketing",
        ),
        ("Brightline", "Copperleaf", "Mosaic", "Tallgrass", "Bluefin", "Kestrel", "Lantern",
         "Redwood", "Juniper", "Parallax", "Foxglove", "Saltbox", "Lumen", "Ember", "Cobalt"),
        ("Creative", "Agency", "Partners", "Media Buying", "Brand Works", "Advertising",
         "Collective", "Studio"),
    ),
    "Financial Services": (
        (
            "Harborview Capital",
            "Granite Peak Bank",
            "Meridian Mutual Insurance",
            "Ashford Wealth Partners",
            "Clearwater Credit Union",
            "Sterling Row Asset Management",
            "Pinnacle Trust Financial",
            "Lakeshore Payments",
        ),
        ("Harborview", "Granite", "Meridian", "Ashford", "Clearwater", "Sterling", "Pinnacle",
         "Lakeshore", "Ironbridge", "Oakmont", "Bayside", "Summit", "Keystone", "Westgate"),
        ("Capital", "Bank", "Mutual", "Wealth Partners", "Credit Union", "Asset Management",
         "Financial", "Payments", "Insurance"),
    ),
    "Media": (
        (
            "Riverbend Broadcasting",
            "Open Sky Publishing",
            "Signal Hill Podcasts",
            "Metro Daily Press",
            "Evergreen Streaming",
            "Lighthouse Radio Group",
            "Crescent Magazines",
        ),
        ("Riverbend", "Open Sky", "Signal Hill", "Metro", "Evergreen", "Lighthouse",
         "Crescent", "Skyline", "Wavelength", "Beacon", "Horizon", "Fairview"),
        ("Broadcasting", "Publishing", "Podcasts", "Press", "Streaming", "Radio Group",
         "Magazines", "Media"),
    ),
    "Retail": (
        (
            "Willow & Finch Home",
            "Cedar Lane Outfitters",
            "Urban Pantry Grocers",
            "Maple Street Pharmacy",
        ),
        ("Willow", "Cedar Lane", "Urban Pantry", "Maple Street", "Corner", "Larkspur",
         "Bramble", "Fernwood"),
        ("Home", "Outfitters", "Grocers", "Pharmacy", "Stores", "Market", "Goods"),
    ),
    "Technology": (
        (
            "Quantix Software",
            "Cloudharbor Systems",
            "Vireo Analytics",
            "Nimbus Labs",
        ),
        ("Quantix", "Cloudharbor", "Vireo", "Nimbus", "Arclight", "Bitwise", "Stackline",
         "Helix", "Orbital"),
        ("Software", "Systems", "Analytics", "Labs", "Technologies", "Networks"),
    ),
    "Travel & Hospitality": (
        (
            "Seabright Hotels",
            "Alpine Trail Resorts",
            "Compass Rose Travel",
        ),
        ("Seabright", "Alpine Trail", "Compass Rose", "Driftwood", "Silverpine", "Tidewater"),
        ("Hotels", "Resorts", "Travel", "Cruises", "Hospitality"),
    ),
    "Automotive": (
        (
            "Ridgeline Motors",
            "Voltway Electric Vehicles",
        ),
        ("Ridgeline", "Voltway", "Roadstar", "Ironhorse", "Piston & Gear"),
        ("Motors", "Electric Vehicles", "Auto Group", "Dealerships"),
    ),
    "Healthcare": (
        (
            "Wellspring Health",
            "Bluepoint Dental Group",
            "Harmony Care Clinics",
        ),
        ("Wellspring", "Bluepoint", "Harmony", "Cornerstone", "Brightpath", "Sagebrush"),
        ("Health", "Dental Group", "Care Clinics", "Medical", "Pharma"),
    ),
}

# how often each industry appears (advertising, financial services and media lead)
INDUSTRY_WEIGHTS = {
    "Advertising": 26,
    "Financial Services": 22,
    "Media": 18,
    "Retail": 10,
    "Technology": 9,
    "Travel & Hospitality": 6,
    "Automotive": 4,
    "Healthcare": 5,
}

REGIONS = ("North America", "EMEA", "West", "East", "Midwest", "Pacific", "Group",
           "Holdings", "International", "Digital")

CITIES = (
    ("New York", "NY", "212"), ("Chicago", "IL", "312"), ("Boston", "MA", "617"),
    ("Austin", "TX", "512"), ("Denver", "CO", "303"), ("Seattle", "WA", "206"),
    ("Atlanta", "GA", "404"), ("Minneapolis", "MN", "612"), ("San Diego", "CA", "619"),
    ("Charlotte", "NC", "704"), ("Philadelphia", "PA", "215"), ("Portland", "OR", "503"),
)

STREETS = ("Market Street", "Madison Avenue", "Harbor Drive", "Main Street", "Commerce Way",
           "Lakeview Boulevard", "Union Square", "Park Avenue", "Elm Street", "Riverside Drive")

FIRST_NAMES = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas",
    "Mia", "Logan", "Amelia", "James", "Harper", "Benjamin", "Evelyn", "Elijah", "Abigail",
    "Daniel", "Priya", "Rahul", "Mei", "Wei", "Aisha", "Omar", "Sofia", "Mateo", "Chloe",
    "Jonah", "Grace", "Samuel", "Nora", "Henry", "Leah", "Caleb", "Zoe", "Isaac", "Hannah",
    "Marcus", "Keiko", "Diego", "Fatima", "Tomas", "Ingrid", "Kwame", "Lena", "Ravi",
)

LAST_NAMES = (
    "Anderson", "Bennett", "Carter", "Delgado", "Ellis", "Foster", "Garcia", "Hughes",
    "Iverson", "Jensen", "Kaur", "Lindqvist", "Morales", "Nakamura", "O'Brien", "Patel",
    "Quinn", "Reyes", "Sullivan", "Thompson", "Underwood", "Vasquez", "Whitaker", "Xu",
    "Yamada", "Zimmerman", "Okafor", "Rossi", "Haddad", "Novak", "Chen", "Dubois", "Murphy",
    "Schmidt", "Adeyemi", "Larsen", "Kowalski", "Brennan", "Castillo", "Moreau",
)

# (title, weight as primary contact)
TITLES = (
    ("Chief Marketing Officer", 3),
    ("VP Marketing", 3),
    ("Head of Media", 3),
    ("Marketing Director", 2),
    ("Brand Manager", 1),
    ("Media Planner", 0),
    ("Procurement Manager", 0),
    ("Digital Marketing Manager", 1),
    ("Head of Partnerships", 2),
    ("Finance Business Partner", 0),
    ("Communications Director", 1),
    ("Account Director", 1),
)

BD_COLLEAGUES = ("Marcus Hale", "Priya Raman", "Jordan Ellery", "Sam Okoro")

# the employer's catalogue: (name, family, list price, recurring)
PRODUCTS = (
    ("Programmatic Display", "Display & Video", "48000.00", True),
    ("Connected TV Package", "Display & Video", "120000.00", True),
    ("Video Pre-roll Bundle", "Display & Video", "60000.00", True),
    ("Print Full-Page Series", "Print", "25000.00", False),
    ("Magazine Insert", "Print", "15000.00", False),
    ("Newsletter Sponsorship", "Sponsorship & Events", "18000.00", True),
    ("Summit Sponsorship", "Sponsorship & Events", "40000.00", False),
    ("Podcast Sponsorship", "Sponsorship & Events", "30000.00", True),
    ("Audience Insights Subscription", "Data & Insights", "36000.00", True),
    ("Brand Lift Study", "Data & Insights", "12000.00", False),
    ("Branded Content Series", "Content Studio", "55000.00", False),
    ("Social Amplification", "Content Studio", "24000.00", True),
)

NEEDS = (
    "Reach younger audiences without losing the loyal core readership.",
    "Prove campaign ROI to a new CFO who questions every media line.",
    "Launch a new product line nationally in the spring.",
    "Shift budget from print to video while keeping brand safety guarantees.",
    "Build first-party audience data ahead of cookie deprecation.",
    "Grow awareness in two new regional markets.",
    "Consolidate media partners from six to three to simplify reporting.",
    "Position the brand as a thought leader at industry events.",
    "Recover trust after a rough campaign launch last year.",
    "Drive sign-ups for a new app with measurable cost per acquisition.",
)

HANDOVER = (
    "Signed {p1} in {month}; promised a quarterly performance review and first look at new "
    "inventory.",
    "Closed {p1} after a six-month pitch; client expects monthly reporting and a named "
    "contact for escalations.",
    "Sold {p1} plus a pilot of {p2}; pilot results are due before renewal.",
    "Won from a competitor in {month}; price was discounted 10% for year one only - "
    "renewal at list was agreed verbally.",
    "Long-standing account moved from another rep; relationship is good but under-served. "
    "Interested in {p2}.",
)

INTERACTION_TOPICS = (
    "campaign performance review",
    "Q{q} planning",
    "renewal terms for {product}",
    "creative refresh for {product}",
    "budget for next quarter",
    "reporting dashboard walk-through",
    "new inventory preview",
    "brand safety concerns",
    "invoice query",
    "audience data results",
    "event sponsorship options",
    "introductions to the new marketing lead",
)

INTERACTION_OUTCOMES = (
    "Agreed next steps; sending a recap.",
    "Positive; they want a proposal.",
    "Needs sign-off from finance.",
    "Asked for case studies from their sector.",
    "No decision yet; follow up in two weeks.",
    "Happy with results so far.",
    "Raised a concern about delivery pacing.",
    "",
)

FOLLOW_UP_TITLES = (
    "Send recap of {topic} to {contact}",
    "Call {contact} about {topic}",
    "Share proposal for {product}",
    "Book quarterly review with {contact}",
    "Check pacing report for {product}",
    "Send case studies to {contact}",
    "Confirm renewal paperwork for {product}",
    "Introduce {contact} to the insights team",
)

DEAL_TITLES = {
    "new": ("{product} launch", "{product} pilot", "First {product} campaign"),
    "upsell": ("{product} expansion", "{product} upgrade", "Additional {product} flight"),
    "cross-sell": ("Add {product}", "{product} for the {season} campaign"),
    "renewal": ("{product} renewal {year}", "Renew {product}"),
}

# deals that are not tied to one catalogue product
PARTNERSHIP_TITLES = (
    "Integrated media partnership",
    "Always-on brand campaign",
    "Multi-channel {season} campaign",
    "Annual media plan {year}",
)

NEXT_STEPS = (
    "Send revised proposal",
    "Pricing call with procurement",
    "Workshop with their media team",
    "Legal review of the contract",
    "Present to the CMO",
    "Confirm budget with finance",
    "Share audience data",
    "Agree flight dates",
    "",
)

# Stored as the pipeline stores them: one of core's reasons, then the rep's words.
LOST_REASONS = (
    "no budget: budget cut after a reorganisation",
    "competitor: went with a cheaper agency",
    "timing: project postponed to next year",
    "no decision: champion left the company",
    "product fit: chose to keep the work in-house",
    "timing: planning cycle missed",
    "price: rate card above their ceiling",
)

ISSUES = (
    ("Campaign under-delivering impressions", "Delivery is 18% behind pacing at mid-flight."),
    ("Invoice does not match insertion order", "Client was billed for a cancelled flight."),
    ("Dashboard login broken", "Two users can't reach the reporting dashboard since Monday."),
    ("Ad shown next to unsafe content", "Screenshot shared by the CMO; needs an answer today."),
    ("Creative rejected by ad server", "Video file specs don't match the new player."),
    ("Late delivery of brand lift results", "Study results promised two weeks ago."),
    ("Wrong regional targeting", "Ads ran in regions outside the agreed markets."),
    ("Newsletter placement missed", "Sponsored slot was dropped from Tuesday's edition."),
)

RESOLUTIONS = (
    "Make-good impressions added at no charge.",
    "Credit note issued and billing corrected.",
    "Access restored; root cause was an expired SSO certificate.",
    "Placement blocked; brand safety list updated and confirmed with client.",
    "Creative re-encoded by our studio and re-approved.",
    "Results delivered with an apology call from the research lead.",
)

COMMITMENTS = (
    "Quarterly performance review with the marketing team",
    "Monthly pacing report by the 5th business day",
    "First look at new video inventory before general release",
    "Hold year-one pricing for the renewal",
    "Named escalation contact within 24 hours",
    "Free brand lift study with the next campaign",
    "Two seats at the annual summit",
    "Custom audience segment built from their CRM data",
)
