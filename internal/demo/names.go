package demo

import "github.com/kindredhq/kindred/internal/kindred"

// Vocabularies for the demo network generator. They are constant data;
// nothing changes them after start-up.

// culture groups names that go together and the heritage languages their
// speakers often have besides the city's own.
type culture struct {
	female, male, neutral []string
	last                  []string
	langs                 []langShare // heritage languages, each with its share
}

// langShare is a language with the share of people who speak it.
type langShare struct {
	code  string
	share float64
}

var cultures = map[string]culture{
	"anglo": {
		female:  []string{"Emily", "Sarah", "Hannah", "Megan", "Rachel", "Katherine", "Abigail", "Claire", "Molly", "Laura", "Erin", "Julia"},
		male:    []string{"James", "Michael", "David", "Matthew", "Ryan", "Andrew", "Benjamin", "Nathan", "Patrick", "Owen", "Peter", "Luke"},
		neutral: []string{"Alex", "Jordan", "Sam", "Taylor", "Morgan", "Riley", "Casey", "Jamie", "Quinn", "Avery"},
		last:    []string{"Smith", "Johnson", "Williams", "Brown", "Miller", "Davis", "Anderson", "Clark", "Wright", "Walsh", "O'Brien", "Murphy", "Sullivan", "Becker", "Cohen", "Goldberg", "Larsen", "Fischer"},
		langs:   []langShare{{"fr", 0.06}, {"de", 0.03}, {"he", 0.02}},
	},
	"black": {
		female:  []string{"Aaliyah", "Imani", "Keisha", "Jasmine", "Destiny", "Nia", "Monique", "Ebony", "Tamika", "Alicia"},
		male:    []string{"Jamal", "Malik", "Darnell", "Andre", "Terrence", "Marcus", "DeShawn", "Jerome", "Isaiah", "Xavier"},
		neutral: []string{"Jordan", "Kendall", "Cameron", "Jaylen"},
		last:    []string{"Washington", "Jackson", "Robinson", "Harris", "Coleman", "Jenkins", "Brooks", "Freeman", "Banks", "Simmons", "Gaines", "Wallace"},
		langs:   []langShare{{"fr", 0.03}},
	},
	"latin": {
		female:  []string{"María", "Guadalupe", "Lucía", "Sofía", "Valentina", "Camila", "Ximena", "Daniela", "Rosa", "Marisol", "Yesenia", "Paola"},
		male:    []string{"José", "Luis", "Carlos", "Juan", "Miguel", "Andrés", "Alejandro", "Diego", "Javier", "Tomás", "Héctor", "Rafael"},
		neutral: []string{"Ariel", "Cruz", "Guadalupe"},
		last:    []string{"García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Ramírez", "Flores", "Morales", "Castillo", "Ortiz", "Vásquez", "Reyes", "Mendoza", "Torres", "Chávez"},
		langs:   []langShare{{"es", 0.85}, {"pt", 0.03}},
	},
	"brazil": {
		female:  []string{"Ana", "Beatriz", "Juliana", "Fernanda", "Luana", "Mariana", "Larissa", "Gabriela", "Tainá", "Patrícia", "Renata", "Letícia"},
		male:    []string{"João", "Pedro", "Lucas", "Gabriel", "Rafael", "Thiago", "Felipe", "Leonardo", "Mateus", "Caio", "Rodrigo", "Vinícius"},
		neutral: []string{"Alex", "Dani", "Kim"},
		last:    []string{"Silva", "Santos", "Oliveira", "Souza", "Pereira", "Lima", "Carvalho", "Ferreira", "Rodrigues", "Almeida", "Nascimento", "Costa", "Ribeiro", "Gomes", "Barbosa", "Araújo"},
		langs:   []langShare{{"pt", 1}, {"es", 0.2}},
	},
	"kenya": {
		female:  []string{"Wanjiru", "Akinyi", "Njeri", "Atieno", "Wambui", "Chebet", "Nafula", "Mumbua", "Achieng", "Wairimu", "Zawadi", "Neema"},
		male:    []string{"Kamau", "Otieno", "Mwangi", "Kiprono", "Omondi", "Wafula", "Mutua", "Njoroge", "Baraka", "Juma", "Kibet", "Onyango"},
		neutral: []string{"Amani", "Imani", "Baraka"},
		last:    []string{"Kamau", "Otieno", "Mwangi", "Wanjiku", "Ochieng", "Kiplagat", "Mutua", "Njoroge", "Odhiambo", "Wekesa", "Kariuki", "Chege", "Korir", "Musyoka", "Nyambura", "Omondi"},
		langs:   []langShare{{"sw", 0.95}, {"en", 0.9}, {"ki", 0.25}, {"luo", 0.2}},
	},
	"westafrica": {
		female:  []string{"Amara", "Chiamaka", "Adaeze", "Folake", "Ama", "Efua", "Aminata", "Fatoumata", "Ngozi", "Yewande"},
		male:    []string{"Chidi", "Emeka", "Kwame", "Kofi", "Olu", "Femi", "Moussa", "Tunde", "Obinna", "Ibrahima"},
		neutral: []string{"Ayo", "Dayo"},
		last:    []string{"Adeyemi", "Okafor", "Mensah", "Diallo", "Okonkwo", "Asante", "Traoré", "Balogun", "Nwosu", "Boateng", "Keita", "Eze"},
		langs:   []langShare{{"fr", 0.3}, {"yo", 0.2}, {"ig", 0.15}},
	},
	"eastafrica": {
		female:  []string{"Hiwot", "Selam", "Meron", "Tigist", "Hodan", "Fadumo", "Ayaan", "Bethlehem"},
		male:    []string{"Abebe", "Dawit", "Yonas", "Tesfaye", "Abdirahman", "Mohamed", "Hassan", "Bereket"},
		neutral: []string{"Amanuel"},
		last:    []string{"Tesfaye", "Bekele", "Haile", "Girma", "Mohamed", "Warsame", "Abdi", "Hussein", "Tadesse", "Yusuf"},
		langs:   []langShare{{"am", 0.5}, {"so", 0.4}, {"ar", 0.2}},
	},
	"arab": {
		female:  []string{"Fatima", "Layla", "Noor", "Yasmin", "Rania", "Huda", "Mariam", "Salma", "Dina"},
		male:    []string{"Omar", "Ahmed", "Yusuf", "Khalid", "Tariq", "Samir", "Karim", "Hassan", "Ibrahim"},
		neutral: []string{"Nour"},
		last:    []string{"Haddad", "Khalil", "Nasser", "Saleh", "Mansour", "Farah", "Aziz", "Hamdan", "Darwish", "Qureshi"},
		langs:   []langShare{{"ar", 0.85}, {"fr", 0.15}},
	},
	"chinese": {
		female:  []string{"Mei", "Xiu", "Ling", "Jing", "Yan", "Hui", "Xiaoyu", "Wen"},
		male:    []string{"Wei", "Jun", "Hao", "Lei", "Ming", "Tao", "Zhiwei", "Bo"},
		neutral: []string{"Yu", "An", "Jia"},
		last:    []string{"Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Wu", "Lin", "Zhou", "Ng", "Leung", "Chan"},
		langs:   []langShare{{"zh", 0.7}, {"yue", 0.25}},
	},
	"filipino": {
		female:  []string{"Maricel", "Rowena", "Jocelyn", "Liza", "Analyn", "Kristine"},
		male:    []string{"Jose", "Rodel", "Ramon", "Paolo", "Jerome", "Arnel"},
		neutral: []string{"Jun", "Bea"},
		last:    []string{"Santos", "Reyes", "Cruz", "Bautista", "Dela Cruz", "Mendoza", "Ramos", "Aquino", "Villanueva", "Manalo"},
		langs:   []langShare{{"tl", 0.75}},
	},
	"vietnamese": {
		female:  []string{"Linh", "Thảo", "Trang", "Ngọc", "Hương"},
		male:    []string{"Minh", "Huy", "Tuấn", "Khoa", "Bảo"},
		neutral: []string{"An", "Vy"},
		last:    []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng"},
		langs:   []langShare{{"vi", 0.75}},
	},
	"southasian": {
		female:  []string{"Priya", "Deepa", "Kavya", "Ananya", "Sana", "Nisha", "Aisha", "Meera"},
		male:    []string{"Arjun", "Rahul", "Vikram", "Rohan", "Imran", "Sanjay", "Farhan", "Karan"},
		neutral: []string{"Ashwin", "Kiran"},
		last:    []string{"Patel", "Singh", "Shah", "Banerjee", "Iyer", "Khan", "Gupta", "Reddy", "Chowdhury", "Rahman", "Nair", "Desai"},
		langs:   []langShare{{"hi", 0.45}, {"bn", 0.15}, {"ur", 0.15}, {"gu", 0.1}},
	},
	"haitian": {
		female:  []string{"Mirlande", "Nadège", "Widline", "Rose-Marie", "Guerline"},
		male:    []string{"Jean", "Wesner", "Frantz", "Ricardo", "Pierre-Louis"},
		neutral: []string{"Dominique"},
		last:    []string{"Jean-Baptiste", "Pierre", "Joseph", "Charles", "Louis", "Étienne", "Dorval", "Augustin"},
		langs:   []langShare{{"ht", 0.9}, {"fr", 0.6}},
	},
	"capeverde": {
		female:  []string{"Djamila", "Nilda", "Odete", "Cátia"},
		male:    []string{"Amílcar", "Nelson", "Edmilson", "Adilson"},
		neutral: []string{"Zé"},
		last:    []string{"Monteiro", "Fortes", "Tavares", "Lopes", "Semedo", "Gomes", "Andrade"},
		langs:   []langShare{{"pt", 0.7}, {"kea", 0.8}},
	},
	"polish": {
		female:  []string{"Agnieszka", "Katarzyna", "Magdalena", "Zofia"},
		male:    []string{"Tomasz", "Piotr", "Krzysztof", "Marek"},
		neutral: []string{"Alex"},
		last:    []string{"Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamińska", "Zielińska"},
		langs:   []langShare{{"pl", 0.7}},
	},
	"korean": {
		female:  []string{"Ji-woo", "Seo-yeon", "Min-ji", "Eun-ji"},
		male:    []string{"Min-jun", "Ji-ho", "Hyun-woo", "Dong-hyun"},
		neutral: []string{"Ha-eun"},
		last:    []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang"},
		langs:   []langShare{{"ko", 0.7}},
	},
	"japanese": {
		female:  []string{"Yuki", "Haruka", "Aiko", "Mai"},
		male:    []string{"Kenji", "Takeshi", "Hiroshi", "Daiki"},
		neutral: []string{"Akira", "Hikaru"},
		last:    []string{"Tanaka", "Nakamura", "Sato", "Suzuki", "Yamamoto", "Watanabe"},
		langs:   []langShare{{"ja", 0.5}},
	},
	"italian": {
		female:  []string{"Giulia", "Francesca", "Chiara"},
		male:    []string{"Marco", "Giovanni", "Luca"},
		neutral: []string{"Andrea"},
		last:    []string{"Rossi", "Bianchi", "Romano", "Ferrari", "Esposito"},
		langs:   []langShare{{"it", 0.4}},
	},
}

// cityProfile says who lives in a demo city: the share of members, the
// languages nearly everyone speaks, the mix of cultures, and local place
// names for organizations.
type cityProfile struct {
	weight   float64
	base     []langShare
	cultures []cultureShare
	places   []string
	local    string // language most local organizations name themselves in
}

type cultureShare struct {
	name  string
	share float64
}

// cityProfiles are keyed by the names in Cities; a city without a profile
// uses defaultCity.
var cityProfiles = map[string]cityProfile{
	"San Francisco": {weight: 22, base: []langShare{{"en", 0.98}}, local: "en",
		cultures: []cultureShare{{"anglo", 30}, {"latin", 22}, {"chinese", 13}, {"black", 8}, {"filipino", 8}, {"southasian", 7}, {"vietnamese", 4}, {"arab", 3}, {"korean", 2}, {"japanese", 3}},
		places:   []string{"Bay Area", "Mission", "East Bay", "Oakland", "Tenderloin", "Bayview", "Richmond", "Excelsior", "San Francisco"}},
	"Washington DC": {weight: 18, base: []langShare{{"en", 0.99}}, local: "en",
		cultures: []cultureShare{{"black", 30}, {"anglo", 30}, {"latin", 15}, {"eastafrica", 8}, {"westafrica", 5}, {"southasian", 5}, {"korean", 3}, {"arab", 4}},
		places:   []string{"DMV", "Capital Area", "Anacostia", "Columbia Heights", "Ward 8", "Prince George's", "DC", "Potomac"}},
	"Chicago": {weight: 17, base: []langShare{{"en", 0.98}}, local: "en",
		cultures: []cultureShare{{"black", 26}, {"anglo", 27}, {"latin", 25}, {"polish", 6}, {"arab", 4}, {"southasian", 5}, {"filipino", 3}, {"chinese", 4}},
		places:   []string{"Chicago", "South Side", "Pilsen", "Little Village", "Logan Square", "Cook County", "West Side", "Englewood", "Rogers Park"}},
	"Boston": {weight: 13, base: []langShare{{"en", 0.98}}, local: "en",
		cultures: []cultureShare{{"anglo", 40}, {"black", 12}, {"latin", 15}, {"haitian", 9}, {"capeverde", 7}, {"chinese", 6}, {"vietnamese", 4}, {"southasian", 4}, {"italian", 3}},
		places:   []string{"Boston", "Greater Boston", "Dorchester", "Roxbury", "Chelsea", "Somerville", "Mattapan", "East Boston", "Massachusetts"}},
	"São Paulo": {weight: 16, base: []langShare{{"pt", 1}, {"en", 0.35}}, local: "pt",
		cultures: []cultureShare{{"brazil", 82}, {"japanese", 5}, {"italian", 5}, {"arab", 3}, {"latin", 3}, {"westafrica", 2}},
		places:   []string{"São Paulo", "Zona Leste", "Zona Sul", "Periferia", "Capão Redondo", "Paraisópolis", "Brasilândia", "ABC Paulista", "Grajaú"}},
	"Nairobi": {weight: 14, base: []langShare{{"sw", 0.9}, {"en", 0.92}}, local: "sw",
		cultures: []cultureShare{{"kenya", 85}, {"eastafrica", 7}, {"southasian", 4}, {"westafrica", 2}, {"anglo", 2}},
		places:   []string{"Nairobi", "Kibera", "Mathare", "Eastlands", "Kenya", "Korogocho", "Kawangware", "Mukuru", "Githurai"}},
}

var defaultCity = cityProfile{weight: 10, base: []langShare{{"en", 0.95}}, local: "en",
	cultures: []cultureShare{{"anglo", 40}, {"black", 15}, {"latin", 20}, {"southasian", 10}, {"chinese", 10}, {"arab", 5}},
	places:   []string{"Metro", "Downtown", "Eastside", "Westside", "Riverside", "Northside"}}

// causes are what organizations work on, as they would put it in a name.
var causes = map[string][]string{
	"en": {"Tenant", "Climate Justice", "Food Justice", "Immigrant Rights", "Youth Power", "Workers'", "Housing", "Transit Riders",
		"Digital Rights", "Public Health", "Education Equity", "Racial Justice", "Disability Justice", "Voter", "Neighborhood",
		"Community Land", "Environmental Justice", "Care Workers", "Women's Leadership", "Parents", "Solidarity Economy", "Water"},
	"pt": {"pela Moradia", "por Justiça Climática", "de Mulheres", "da Juventude", "de Economia Solidária", "de Cultura", "de Saúde Popular",
		"de Educação Popular", "pelo Direito à Cidade", "pela Mobilidade", "de Agroecologia", "de Comunicação Comunitária",
		"das Trabalhadoras Domésticas", "dos Catadores", "Antirracista", "Feminista"},
	"sw": {"Youth", "Women", "Water", "Climate", "Land Rights", "Health", "Housing", "Digital", "Market Traders", "Justice",
		"Peace", "Education", "Farmers", "Boda Boda Riders"},
}

// orgForms are the kinds of body an organization's name ends with, and the
// kind it makes the organization.
var orgForms = map[string][]orgForm{
	"en": {{"Union", "union"}, {"Coalition", "coalition"}, {"Alliance", "coalition"}, {"Project", "nonprofit"}, {"Network", "nonprofit"},
		{"Collective", "movement"}, {"Action", "movement"}, {"Center", "nonprofit"}, {"Fund", "funder"}, {"Cooperative", "cooperative"},
		{"Organizing Committee", "movement"}, {"Institute", "nonprofit"}, {"Council", "nonprofit"}, {"Association", "nonprofit"}},
	"pt": {{"Coletivo", "movement"}, {"Rede", "nonprofit"}, {"Instituto", "nonprofit"}, {"Associação", "nonprofit"}, {"Movimento", "movement"},
		{"Fórum", "coalition"}, {"Cooperativa", "cooperative"}, {"Frente", "coalition"}, {"Fundo", "funder"}, {"Sindicato", "union"}},
	"sw": {{"Network", "nonprofit"}, {"Trust", "nonprofit"}, {"Initiative", "nonprofit"}, {"Collective", "movement"}, {"Alliance", "coalition"},
		{"Sacco", "cooperative"}, {"Movement", "movement"}, {"Foundation", "funder"}, {"Association", "nonprofit"}, {"Forum", "coalition"}},
}

type orgForm struct{ word, kind string }

// nationalNames name the few big organizations active in several cities.
var nationalPrefixes = []string{"People's", "United", "Grassroots", "Common", "New", "Rising", "Open", "Global", "Northstar", "Bridge", "Community", "Movement"}

// topics are the community-of-practice topics members tag themselves with
// and ask or offer about.
var topics = []string{
	"relational organizing", "distributed organizing", "digital tools", "membership engagement", "fundraising",
	"organizational design", "base building", "volunteer leadership", "data and CRM", "narrative and storytelling",
	"coalition building", "power mapping", "member surveys", "SMS outreach", "leadership development",
	"one-on-ones", "campaign strategy", "grassroots fundraising", "facilitation", "popular education",
	"digital security", "online events", "peer-to-peer texting", "listening campaigns", "theory of change",
	"policy advocacy", "canvassing", "community research", "email programs", "social media organizing",
	"conflict transformation", "language justice", "youth organizing", "mutual aid", "evaluation and learning",
}

// roleGroup is a family of roles sharing the topics they usually know.
type roleGroup struct {
	roles  []string
	topics []int // indexes into topics
}

var roleGroups = []roleGroup{
	{[]string{"Executive Director", "Co-Director", "Deputy Director", "Chief of Staff"}, []int{5, 4, 10, 24, 14}},
	{[]string{"Organizing Director", "Lead Organizer", "Field Organizer", "Community Organizer", "Chapter Lead"}, []int{0, 6, 15, 11, 16, 32}},
	{[]string{"Digital Director", "Digital Organizer", "Online Campaigner", "Tech Lead"}, []int{1, 2, 13, 22, 21, 20, 29}},
	{[]string{"Membership Coordinator", "Member Engagement Manager", "Volunteer Coordinator"}, []int{3, 7, 12, 0, 14}},
	{[]string{"Data Manager", "CRM Administrator", "Research and Data Lead"}, []int{8, 12, 27, 34, 2}},
	{[]string{"Communications Director", "Storyteller", "Communications Lead", "Press Secretary"}, []int{9, 29, 28, 23}},
	{[]string{"Development Director", "Grants Manager", "Fundraiser"}, []int{4, 17, 28, 24}},
	{[]string{"Program Manager", "Trainer", "Facilitator", "Popular Educator"}, []int{18, 19, 14, 30, 31}},
	{[]string{"Policy Advocate", "Campaign Manager", "Coalition Coordinator"}, []int{25, 16, 10, 11}},
}

// sideRoles are roles people hold besides their job.
var sideRoles = []string{"Board Member", "Board Chair", "Volunteer", "Advisor", "Steering Committee Member", "Volunteer Leader", "Member", "Treasurer"}

var pastRoles = []string{"Organizer", "Campaign Manager", "Fellow", "Field Organizer", "Program Associate", "Intern", "Canvass Director", "Volunteer"}

var diets = []needShare{{"vegetarian", 10}, {"vegan", 5}, {"halal", 4}, {"gluten-free", 3}, {"nut allergy", 2}, {"kosher", 1}, {"pescatarian", 2}}

var accessNeeds = []needShare{{"wheelchair access", 3}, {"hearing loop", 2}, {"large print", 2}, {"step-free seating near the door", 1}, {"quiet space", 2}, {"live captions", 1}}

type needShare struct {
	text  string
	share float64
}

// bioTemplates by language: %[1]s role, %[2]s organization (in Portuguese
// with its preposition, "na Rede…"), %[3]s a topic,
// %[4]s another topic, %[5]s city.
var bioTemplates = map[string][]string{
	"en": {
		"%[1]s at %[2]s. I spend most of my time on %[3]s and love comparing notes on %[4]s.",
		"I'm %[1]s at %[2]s in %[5]s. Ask me about %[3]s; I'm learning %[4]s.",
		"Organizer in %[5]s. Currently %[1]s at %[2]s, working on %[3]s.",
		"Before %[2]s I canvassed door to door; now, as %[1]s, I think a lot about %[3]s and %[4]s.",
		"%[1]s, %[2]s. Happiest when a room full of people figures out %[3]s together.",
	},
	"pt": {
		"%[1]s %[2]s. Trabalho com %[3]s e quero trocar experiências sobre %[4]s.",
		"Atuo em %[5]s, hoje como %[1]s %[2]s. Me pergunte sobre %[3]s.",
	},
	"es": {
		"%[1]s en %[2]s. Trabajo en %[3]s y me encanta aprender sobre %[4]s.",
		"Organizo en %[5]s; hoy soy %[1]s en %[2]s. Pregúntame sobre %[3]s.",
	},
	"sw": {
		"%[1]s katika %[2]s, %[5]s. Ninafanya kazi ya %[3]s na ningependa kujifunza %[4]s.",
		"Mwanaharakati wa %[5]s. Sasa ni %[1]s katika %[2]s; niulize kuhusu %[3]s.",
	},
}

// independentBios are for members without a current affiliation: %[1]s a
// topic, %[2]s the city.
var independentBios = []string{
	"Independent organizer and trainer in %[2]s. Ask me about %[1]s.",
	"Between roles after years of organizing in %[2]s; happy to talk %[1]s with anyone.",
	"Consultant to movement groups in %[2]s, mostly on %[1]s.",
}

var pronounSets = map[string][]string{
	"f": {"she/her", "she/her", "she/her", "she/they"},
	"m": {"he/him", "he/him", "he/him", "he/they"},
	"n": {"they/them", "they/them", "she/they", "he/they"},
}

// coalitionNames name the networks of organizations.
var coalitionNames = []struct{ name, description string }{
	{"People-Powered Tech Network", "Organizations sharing digital tools, data practice and the people who run them."},
	{"Community of Practice Dinners", "The hosts of the monthly cross-organization dinners in each city."},
	{"Climate and Land Justice Alliance", "Groups organizing on climate, land and water across the network's cities."},
	{"Membership Engagement Circle", "Membership and volunteer leads learning together how to grow and keep their bases."},
}

// orgDescriptions by language: %[1]s name, %[2]s kind, %[3]s cities.
var orgDescriptions = map[string][]string{
	"en": {
		"%[1]s is a %[2]s organizing in %[3]s. We build power through relationships, one conversation at a time.",
		"Founded by neighbors, %[1]s brings people together in %[3]s to win concrete changes and grow new leaders.",
		"A member-led %[2]s in %[3]s. We train volunteers, run campaigns and share what works with the wider network.",
	},
	"pt": {
		"%[1]s reúne pessoas em %[3]s para transformar a vida no território, com formação, mobilização e cuidado.",
		"Organização de base em %[3]s: escutamos o território, formamos lideranças e construímos campanhas coletivas.",
	},
	"sw": {
		"%[1]s is a community %[2]s in %[3]s. Tunajenga nguvu ya jamii kupitia mazungumzo, mafunzo na kampeni.",
		"Based in %[3]s, %[1]s supports grassroots leaders with training, small grants and a strong peer network.",
	},
}

// visibilityChoices are the settings some members pick instead of the defaults.
var visibilityChoices = []kindred.Visibility{
	{kindred.FieldEmail: kindred.LevelPrivate},
	{kindred.FieldBio: kindred.LevelOrganizers},
	{kindred.FieldNeeds: kindred.LevelPrivate},
	{kindred.FieldCity: kindred.LevelOrganizers, kindred.FieldAffiliations: kindred.LevelOrganizers},
	{kindred.FieldEmail: kindred.LevelNetwork},
	{kindred.FieldPronouns: kindred.LevelPrivate, kindred.FieldLanguages: kindred.LevelOrganizers},
}
