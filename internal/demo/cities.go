package demo

import (
	"math"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// moreCities are the 194 cities the xlarge demo adds to Cities, by time
// zone: a national movement network with chapters across the United States
// and partners abroad.
var moreCities = []struct {
	zone  string
	names string // comma-separated
}{
	{"America/New_York", "New York City, Brooklyn, The Bronx, Queens, Philadelphia, Baltimore, Pittsburgh, Atlanta, Miami, " +
		"Orlando, Tampa, Jacksonville, Charlotte, Raleigh, Durham, Richmond, Norfolk, Newark, Jersey City, Providence, " +
		"Hartford, New Haven, Buffalo, Rochester, Syracuse, Albany, Cleveland, Columbus, Cincinnati, Toledo, Akron, " +
		"Dayton, Detroit, Grand Rapids, Lansing, Flint, Ann Arbor, Savannah, Charleston, Columbia, Greenville, " +
		"Asheville, Knoxville, Chattanooga, Worcester, Springfield, Portland (Maine), Burlington, Manchester, " +
		"Wilmington, Trenton, Camden, Allentown, Harrisburg, Erie, Scranton, Tallahassee, Gainesville, " +
		"Fort Lauderdale, West Palm Beach, St. Petersburg, Macon, Augusta, Greensboro, Winston-Salem, Roanoke, " +
		"Youngstown, Lowell, Bridgeport, Stamford, Yonkers, Paterson, Lexington"},
	{"America/Indiana/Indianapolis", "Indianapolis, Fort Wayne, South Bend, Bloomington"},
	{"America/Kentucky/Louisville", "Louisville"},
	{"America/Chicago", "Milwaukee, Madison, Minneapolis, Saint Paul, St. Louis, Kansas City, Omaha, Lincoln, Des Moines, " +
		"Cedar Rapids, Memphis, Nashville, Birmingham, Montgomery, Mobile, Jackson, New Orleans, Baton Rouge, " +
		"Shreveport, Little Rock, Tulsa, Oklahoma City, Dallas, Fort Worth, Houston, San Antonio, Austin, " +
		"Corpus Christi, Laredo, Brownsville, McAllen, Waco, Wichita, Topeka, Peoria, Rockford, Gary, Green Bay, " +
		"Duluth, Fargo, Sioux Falls, Huntsville, Galveston, Beaumont, Evanston"},
	{"America/Denver", "Denver, Boulder, Colorado Springs, Fort Collins, Pueblo, Salt Lake City, Albuquerque, Santa Fe, " +
		"Las Cruces, El Paso, Cheyenne, Billings, Missoula, Boise"},
	{"America/Phoenix", "Phoenix, Tucson, Mesa, Flagstaff"},
	{"America/Los_Angeles", "Los Angeles, San Diego, San Jose, Oakland, Sacramento, Fresno, Long Beach, Santa Ana, Riverside, " +
		"Bakersfield, Stockton, Seattle, Tacoma, Spokane, Portland (Oregon), Eugene, Salem, Las Vegas, Reno, " +
		"Santa Cruz, Berkeley, San Bernardino, Modesto, Salinas"},
	{"Pacific/Honolulu", "Honolulu"},
	{"America/Anchorage", "Anchorage"},
	{"America/Puerto_Rico", "San Juan"},
	{"America/Toronto", "Toronto, Montreal, Ottawa"},
	{"America/Vancouver", "Vancouver"},
	{"America/Mexico_City", "Mexico City, Guadalajara, Monterrey"},
	{"America/Bogota", "Bogotá, Medellín"},
	{"America/Lima", "Lima"},
	{"America/Santiago", "Santiago"},
	{"America/Argentina/Buenos_Aires", "Buenos Aires"},
	{"America/Sao_Paulo", "Rio de Janeiro, Belo Horizonte, Salvador, Porto Alegre, Curitiba, Campinas"},
	{"America/Recife", "Recife"},
	{"Africa/Lagos", "Lagos, Abuja"},
	{"Africa/Accra", "Accra"},
	{"Africa/Johannesburg", "Johannesburg, Cape Town, Durban"},
	{"Africa/Kampala", "Kampala"},
	{"Africa/Dar_es_Salaam", "Dar es Salaam, Arusha"},
	{"Africa/Kigali", "Kigali"},
	{"Africa/Addis_Ababa", "Addis Ababa"},
	{"Africa/Nairobi", "Mombasa, Kisumu, Nakuru"},
	{"Europe/London", "London, Glasgow"},
	{"Europe/Berlin", "Berlin"},
	{"Europe/Paris", "Paris"},
	{"Europe/Madrid", "Madrid, Barcelona"},
	{"Europe/Lisbon", "Lisbon"},
	{"Europe/Amsterdam", "Amsterdam"},
	{"Europe/Brussels", "Brussels"},
	{"Asia/Manila", "Manila"},
	{"Asia/Jakarta", "Jakarta"},
	{"Asia/Kolkata", "Delhi, Mumbai"},
}

// XLargeCities returns the 200 cities of the xlarge demo: Cities first,
// then moreCities.
func XLargeCities() []kindred.City {
	out := append([]kindred.City(nil), Cities...)
	for _, z := range moreCities {
		for _, name := range strings.Split(z.names, ",") {
			name = strings.TrimSpace(name)
			out = append(out, kindred.City{Name: name, Slug: kindred.Slugify(name), TimeZone: z.zone})
		}
	}
	return out[:min(len(out), XLargeCityCount)]
}

// XLargeCityCount is how many cities the xlarge demo has.
const XLargeCityCount = 200

// profileOf returns who lives in the i-th city of a list: the demo's own
// profile for Cities, otherwise one like the nearest of them (Brazil like
// São Paulo, East Africa like Nairobi, elsewhere a mixed English-speaking
// city) with local place names, weighted so a few cities are big and most
// are small.
func profileOf(i int, c kindred.City) cityProfile {
	if p, ok := cityProfiles[c.Name]; ok {
		return p
	}
	p := defaultCity
	switch c.TimeZone {
	case "America/Sao_Paulo", "America/Recife":
		p = cityProfiles["São Paulo"]
		p.places = []string{"Zona Norte", "Zona Sul", "Zona Leste", "Zona Oeste", "Periferia", "Baixada"}
	case "Africa/Nairobi", "Africa/Kampala", "Africa/Dar_es_Salaam", "Africa/Kigali":
		p = cityProfiles["Nairobi"]
		p.places = []string{c.Name, "Greater " + c.Name, c.Name + " Eastlands", c.Name + " County"}
	default:
		p.places = []string{c.Name, "Greater " + c.Name, c.Name + " Metro", c.Name + " Eastside", c.Name + " Westside", c.Name + " Northside"}
	}
	p.weight = 40 / math.Pow(float64(i-len(Cities)+3), 0.8)
	return p
}
