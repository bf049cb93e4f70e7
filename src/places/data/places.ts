/**
 * The shipped catalogue: real airports (IATA codes) and rail, bus and ferry stations
 * (UN/LOCODE-style 5-character codes) grouped by city. Coordinates are rounded to ~0.01°.
 * Row shape: [cityCode, cityName, country (ISO 3166-1 alpha-2), IANA time zone, places].
 * Place shape: [code, name, kind, lat, lon]. The first airport listed is the city's main one.
 */
export type PlaceKind = "airport" | "rail" | "bus" | "ferry";
export type PlaceTuple = readonly [code: string, name: string, kind: PlaceKind, lat: number, lon: number];
export type CityTuple = readonly [cityCode: string, cityName: string, country: string, timezone: string, places: readonly PlaceTuple[]];

export const CITY_DATA: readonly CityTuple[] = [
  // Europe
  ["LON", "London", "GB", "Europe/London", [
    ["LHR", "London Heathrow", "airport", 51.47, -0.454],
    ["LGW", "London Gatwick", "airport", 51.148, -0.19],
    ["STN", "London Stansted", "airport", 51.885, 0.235],
    ["LCY", "London City", "airport", 51.505, 0.055],
    ["LTN", "London Luton", "airport", 51.875, -0.368],
    ["GBSPX", "London St Pancras International", "rail", 51.532, -0.127],
    ["GBKGX", "London King's Cross", "rail", 51.531, -0.124],
    ["GBEUS", "London Euston", "rail", 51.528, -0.134],
    ["GBVIC", "London Victoria Coach Station", "bus", 51.493, -0.149],
  ]],
  ["MAN", "Manchester", "GB", "Europe/London", [
    ["MAN", "Manchester Airport", "airport", 53.354, -2.275],
    ["GBMCV", "Manchester Piccadilly", "rail", 53.477, -2.231],
    ["GBMCC", "Manchester Coach Station", "bus", 53.477, -2.238],
  ]],
  ["BHX", "Birmingham", "GB", "Europe/London", [
    ["BHX", "Birmingham Airport", "airport", 52.454, -1.748],
    ["GBBHM", "Birmingham New Street", "rail", 52.478, -1.899],
    ["GBBDC", "Birmingham Digbeth Coach Station", "bus", 52.474, -1.884],
  ]],
  ["LPL", "Liverpool", "GB", "Europe/London", [
    ["LPL", "Liverpool John Lennon", "airport", 53.334, -2.85],
    ["GBLIV", "Liverpool Lime Street", "rail", 53.407, -2.977],
    ["GBLPT", "Liverpool Ferry Terminal", "ferry", 53.449, -3.019],
  ]],
  ["NCL", "Newcastle", "GB", "Europe/London", [
    ["NCL", "Newcastle International", "airport", 55.038, -1.692],
    ["GBNCC", "Newcastle Central", "rail", 54.968, -1.617],
    ["GBNSH", "Port of Tyne North Shields", "ferry", 55.005, -1.449],
  ]],
  ["EDI", "Edinburgh", "GB", "Europe/London", [
    ["EDI", "Edinburgh Airport", "airport", 55.95, -3.372],
    ["GBEDB", "Edinburgh Waverley", "rail", 55.952, -3.189],
    ["GBEDS", "Edinburgh Bus Station", "bus", 55.955, -3.192],
  ]],
  ["GLA", "Glasgow", "GB", "Europe/London", [
    ["GLA", "Glasgow Airport", "airport", 55.872, -4.433],
    ["GBGLC", "Glasgow Central", "rail", 55.859, -4.258],
    ["GBGBS", "Glasgow Buchanan Bus Station", "bus", 55.865, -4.251],
  ]],
  ["DVR", "Dover", "GB", "Europe/London", [
    ["GBDVR", "Port of Dover", "ferry", 51.125, 1.33],
    ["GBDVP", "Dover Priory", "rail", 51.126, 1.305],
  ]],
  ["DUB", "Dublin", "IE", "Europe/Dublin", [
    ["DUB", "Dublin Airport", "airport", 53.421, -6.27],
    ["IEDHS", "Dublin Heuston", "rail", 53.346, -6.294],
    ["IEDBA", "Dublin Busáras", "bus", 53.35, -6.252],
    ["IEDBP", "Dublin Port", "ferry", 53.349, -6.203],
  ]],
  ["PAR", "Paris", "FR", "Europe/Paris", [
    ["CDG", "Paris Charles de Gaulle", "airport", 49.01, 2.548],
    ["ORY", "Paris Orly", "airport", 48.723, 2.379],
    ["BVA", "Paris Beauvais", "airport", 49.454, 2.113],
    ["FRPNO", "Paris Gare du Nord", "rail", 48.881, 2.355],
    ["FRPLY", "Paris Gare de Lyon", "rail", 48.845, 2.373],
    ["FRPMO", "Paris Montparnasse", "rail", 48.841, 2.32],
    ["FRPBE", "Paris Bercy Seine Bus Station", "bus", 48.838, 2.383],
  ]],
  ["CQF", "Calais", "FR", "Europe/Paris", [
    ["FRCQF", "Port of Calais", "ferry", 50.967, 1.866],
    ["FRCFR", "Calais-Fréthun", "rail", 50.902, 1.811],
  ]],
  ["LYS", "Lyon", "FR", "Europe/Paris", [
    ["LYS", "Lyon Saint-Exupéry", "airport", 45.726, 5.091],
    ["FRLPD", "Lyon Part-Dieu", "rail", 45.76, 4.86],
    ["FRLPR", "Lyon Perrache Bus Station", "bus", 45.749, 4.826],
  ]],
  ["MRS", "Marseille", "FR", "Europe/Paris", [
    ["MRS", "Marseille Provence", "airport", 43.439, 5.221],
    ["FRMSC", "Marseille Saint-Charles", "rail", 43.303, 5.38],
    ["FRMFT", "Marseille Ferry Terminal", "ferry", 43.311, 5.357],
  ]],
  ["NCE", "Nice", "FR", "Europe/Paris", [
    ["NCE", "Nice Côte d'Azur", "airport", 43.658, 7.216],
    ["FRNIC", "Nice-Ville", "rail", 43.705, 7.262],
  ]],
  ["BRU", "Brussels", "BE", "Europe/Brussels", [
    ["BRU", "Brussels Airport", "airport", 50.901, 4.484],
    ["CRL", "Brussels South Charleroi", "airport", 50.459, 4.453],
    ["BEBMI", "Bruxelles-Midi", "rail", 50.836, 4.336],
    ["BEBNO", "Brussels-North Bus Station", "bus", 50.86, 4.361],
  ]],
  ["AMS", "Amsterdam", "NL", "Europe/Amsterdam", [
    ["AMS", "Amsterdam Schiphol", "airport", 52.31, 4.768],
    ["NLAMA", "Amsterdam Centraal", "rail", 52.379, 4.9],
    ["NLASD", "Amsterdam Sloterdijk Bus Station", "bus", 52.389, 4.838],
    ["NLIJM", "IJmuiden Ferry Terminal", "ferry", 52.464, 4.595],
  ]],
  ["FRA", "Frankfurt", "DE", "Europe/Berlin", [
    ["FRA", "Frankfurt Airport", "airport", 50.038, 8.562],
    ["DEFRH", "Frankfurt (Main) Hauptbahnhof", "rail", 50.107, 8.663],
    ["DEFRB", "Frankfurt Hauptbahnhof Bus Station", "bus", 50.105, 8.661],
  ]],
  ["BER", "Berlin", "DE", "Europe/Berlin", [
    ["BER", "Berlin Brandenburg", "airport", 52.366, 13.503],
    ["DEBHF", "Berlin Hauptbahnhof", "rail", 52.525, 13.369],
    ["DEBZO", "Berlin ZOB", "bus", 52.507, 13.28],
  ]],
  ["MUC", "Munich", "DE", "Europe/Berlin", [
    ["MUC", "Munich Airport", "airport", 48.354, 11.786],
    ["DEMHF", "München Hauptbahnhof", "rail", 48.14, 11.558],
    ["DEMZO", "München ZOB", "bus", 48.142, 11.55],
  ]],
  ["HAM", "Hamburg", "DE", "Europe/Berlin", [
    ["HAM", "Hamburg Airport", "airport", 53.63, 9.988],
    ["DEHHF", "Hamburg Hauptbahnhof", "rail", 53.553, 10.007],
    ["DEHZO", "Hamburg ZOB", "bus", 53.552, 10.011],
  ]],
  ["ZRH", "Zürich", "CH", "Europe/Zurich", [
    ["ZRH", "Zürich Airport", "airport", 47.458, 8.548],
    ["CHZHB", "Zürich HB", "rail", 47.378, 8.54],
    ["CHZSQ", "Zürich Sihlquai Bus Terminal", "bus", 47.381, 8.537],
  ]],
  ["GVA", "Geneva", "CH", "Europe/Zurich", [
    ["GVA", "Geneva Airport", "airport", 46.238, 6.109],
    ["CHGVC", "Genève Cornavin", "rail", 46.21, 6.142],
  ]],
  ["VIE", "Vienna", "AT", "Europe/Vienna", [
    ["VIE", "Vienna International", "airport", 48.11, 16.57],
    ["ATWHB", "Wien Hauptbahnhof", "rail", 48.185, 16.376],
    ["ATWER", "Wien Erdberg Bus Terminal", "bus", 48.191, 16.414],
  ]],
  ["PRG", "Prague", "CZ", "Europe/Prague", [
    ["PRG", "Václav Havel Airport Prague", "airport", 50.101, 14.26],
    ["CZPHS", "Praha hlavní nádraží", "rail", 50.083, 14.435],
    ["CZPFL", "Praha Florenc", "bus", 50.09, 14.44],
  ]],
  ["BUD", "Budapest", "HU", "Europe/Budapest", [
    ["BUD", "Budapest Ferenc Liszt", "airport", 47.439, 19.262],
    ["HUBKE", "Budapest Keleti", "rail", 47.5, 19.084],
    ["HUBNE", "Budapest Népliget", "bus", 47.476, 19.098],
  ]],
  ["WAW", "Warsaw", "PL", "Europe/Warsaw", [
    ["WAW", "Warsaw Chopin", "airport", 52.166, 20.967],
    ["WMI", "Warsaw Modlin", "airport", 52.451, 20.652],
    ["PLWWC", "Warszawa Centralna", "rail", 52.229, 21.003],
    ["PLWZC", "Warszawa Zachodnia Bus Station", "bus", 52.22, 20.965],
  ]],
  ["KRK", "Kraków", "PL", "Europe/Warsaw", [
    ["KRK", "Kraków John Paul II", "airport", 50.078, 19.785],
    ["PLKRG", "Kraków Główny", "rail", 50.068, 19.947],
    ["PLKRB", "Kraków MDA Bus Station", "bus", 50.067, 19.95],
  ]],
  ["CPH", "Copenhagen", "DK", "Europe/Copenhagen", [
    ["CPH", "Copenhagen Kastrup", "airport", 55.618, 12.656],
    ["DKKHB", "København H", "rail", 55.673, 12.565],
    ["DKKFT", "Copenhagen DFDS Terminal", "ferry", 55.7, 12.6],
  ]],
  ["STO", "Stockholm", "SE", "Europe/Stockholm", [
    ["ARN", "Stockholm Arlanda", "airport", 59.65, 17.919],
    ["BMA", "Stockholm Bromma", "airport", 59.354, 17.941],
    ["SESTC", "Stockholm Central", "rail", 59.33, 18.058],
    ["SECTY", "Stockholm Cityterminalen", "bus", 59.332, 18.056],
    ["SEVHT", "Stockholm Värtahamnen", "ferry", 59.35, 18.1],
  ]],
  ["OSL", "Oslo", "NO", "Europe/Oslo", [
    ["OSL", "Oslo Gardermoen", "airport", 60.194, 11.1],
    ["NOOSS", "Oslo S", "rail", 59.911, 10.753],
    ["NOOFT", "Oslo DFDS Terminal", "ferry", 59.903, 10.741],
  ]],
  ["HEL", "Helsinki", "FI", "Europe/Helsinki", [
    ["HEL", "Helsinki-Vantaa", "airport", 60.317, 24.963],
    ["FIHKI", "Helsinki Central", "rail", 60.171, 24.941],
    ["FIHKB", "Helsinki Kamppi Bus Station", "bus", 60.169, 24.932],
    ["FIHWT", "Helsinki West Harbour", "ferry", 60.151, 24.915],
    ["FIHSH", "Helsinki South Harbour", "ferry", 60.16, 24.956],
  ]],
  ["TLL", "Tallinn", "EE", "Europe/Tallinn", [
    ["TLL", "Tallinn Airport", "airport", 59.413, 24.833],
    ["EETBL", "Tallinn Balti jaam", "rail", 59.44, 24.737],
    ["EETBS", "Tallinn Bus Station", "bus", 59.428, 24.768],
    ["EETLH", "Tallinn Old City Harbour", "ferry", 59.444, 24.767],
  ]],
  ["RIX", "Riga", "LV", "Europe/Riga", [
    ["RIX", "Riga International", "airport", 56.924, 23.971],
    ["LVRIS", "Rīga Central", "rail", 56.946, 24.121],
    ["LVRBS", "Rīga International Bus Station", "bus", 56.945, 24.116],
  ]],
  ["REK", "Reykjavík", "IS", "Atlantic/Reykjavik", [
    ["KEF", "Keflavík International", "airport", 63.985, -22.606],
    ["RKV", "Reykjavík Domestic", "airport", 64.13, -21.941],
  ]],
  ["MAD", "Madrid", "ES", "Europe/Madrid", [
    ["MAD", "Madrid-Barajas", "airport", 40.494, -3.567],
    ["ESMAT", "Madrid Puerta de Atocha", "rail", 40.406, -3.69],
    ["ESMCH", "Madrid Chamartín", "rail", 40.472, -3.682],
    ["ESMES", "Madrid Estación Sur", "bus", 40.395, -3.678],
  ]],
  ["BCN", "Barcelona", "ES", "Europe/Madrid", [
    ["BCN", "Barcelona El Prat", "airport", 41.297, 2.078],
    ["ESBSA", "Barcelona Sants", "rail", 41.379, 2.14],
    ["ESBNO", "Barcelona Nord Bus Station", "bus", 41.395, 2.183],
    ["ESBPT", "Port of Barcelona", "ferry", 41.352, 2.158],
  ]],
  ["PMI", "Palma de Mallorca", "ES", "Europe/Madrid", [
    ["PMI", "Palma de Mallorca Airport", "airport", 39.552, 2.739],
    ["ESPMP", "Port of Palma", "ferry", 39.557, 2.63],
  ]],
  ["LIS", "Lisbon", "PT", "Europe/Lisbon", [
    ["LIS", "Lisbon Humberto Delgado", "airport", 38.774, -9.134],
    ["PTLOR", "Lisboa Oriente", "rail", 38.768, -9.099],
    ["PTLSR", "Lisboa Sete Rios Bus Station", "bus", 38.741, -9.167],
  ]],
  ["OPO", "Porto", "PT", "Europe/Lisbon", [
    ["OPO", "Porto Francisco Sá Carneiro", "airport", 41.248, -8.681],
    ["PTOCA", "Porto Campanhã", "rail", 41.149, -8.585],
  ]],
  ["ROM", "Rome", "IT", "Europe/Rome", [
    ["FCO", "Rome Fiumicino", "airport", 41.8, 12.239],
    ["CIA", "Rome Ciampino", "airport", 41.799, 12.595],
    ["ITRMT", "Roma Termini", "rail", 41.901, 12.502],
    ["ITRTB", "Roma Tiburtina Bus Terminal", "bus", 41.91, 12.531],
  ]],
  ["MIL", "Milan", "IT", "Europe/Rome", [
    ["MXP", "Milan Malpensa", "airport", 45.63, 8.723],
    ["LIN", "Milan Linate", "airport", 45.445, 9.277],
    ["BGY", "Milan Bergamo", "airport", 45.674, 9.704],
    ["ITMIC", "Milano Centrale", "rail", 45.486, 9.204],
    ["ITMLA", "Milano Lampugnano Bus Station", "bus", 45.489, 9.126],
  ]],
  ["VCE", "Venice", "IT", "Europe/Rome", [
    ["VCE", "Venice Marco Polo", "airport", 45.505, 12.352],
    ["ITVSL", "Venezia Santa Lucia", "rail", 45.441, 12.321],
    ["ITVPR", "Venezia Piazzale Roma Bus Station", "bus", 45.438, 12.318],
  ]],
  ["NAP", "Naples", "IT", "Europe/Rome", [
    ["NAP", "Naples International", "airport", 40.886, 14.291],
    ["ITNAC", "Napoli Centrale", "rail", 40.853, 14.272],
    ["ITNPT", "Port of Naples", "ferry", 40.84, 14.262],
  ]],
  ["PMO", "Palermo", "IT", "Europe/Rome", [
    ["PMO", "Palermo Falcone Borsellino", "airport", 38.176, 13.091],
    ["ITPCE", "Palermo Centrale", "rail", 38.109, 13.367],
    ["ITPAP", "Port of Palermo", "ferry", 38.125, 13.37],
  ]],
  ["ATH", "Athens", "GR", "Europe/Athens", [
    ["ATH", "Athens Eleftherios Venizelos", "airport", 37.936, 23.947],
    ["GRATL", "Athens Larissa Station", "rail", 37.992, 23.721],
    ["GRKIF", "Athens Kifisos Bus Station", "bus", 38.006, 23.702],
    ["GRPIR", "Port of Piraeus", "ferry", 37.942, 23.64],
  ]],
  ["JTR", "Santorini", "GR", "Europe/Athens", [
    ["JTR", "Santorini (Thira) Airport", "airport", 36.399, 25.479],
    ["GRJAT", "Santorini Athinios Port", "ferry", 36.386, 25.431],
  ]],
  ["HER", "Heraklion", "GR", "Europe/Athens", [
    ["HER", "Heraklion Nikos Kazantzakis", "airport", 35.34, 25.18],
    ["GRHEP", "Port of Heraklion", "ferry", 35.344, 25.139],
  ]],
  ["IST", "Istanbul", "TR", "Europe/Istanbul", [
    ["IST", "Istanbul Airport", "airport", 41.262, 28.742],
    ["SAW", "Istanbul Sabiha Gökçen", "airport", 40.899, 29.309],
    ["TRISG", "İstanbul Söğütlüçeşme", "rail", 40.993, 29.037],
    ["TRIES", "İstanbul Esenler Bus Terminal", "bus", 41.041, 28.894],
  ]],
  ["ANK", "Ankara", "TR", "Europe/Istanbul", [
    ["ESB", "Ankara Esenboğa", "airport", 40.128, 32.995],
    ["TRANK", "Ankara Garı", "rail", 39.936, 32.844],
    ["TRAAS", "Ankara AŞTİ Bus Terminal", "bus", 39.918, 32.81],
  ]],
  // Asia
  ["TYO", "Tokyo", "JP", "Asia/Tokyo", [
    ["HND", "Tokyo Haneda", "airport", 35.549, 139.78],
    ["NRT", "Tokyo Narita", "airport", 35.772, 140.393],
    ["JPTYS", "Tokyo Station", "rail", 35.681, 139.767],
    ["JPSJB", "Busta Shinjuku", "bus", 35.688, 139.701],
  ]],
  ["OSA", "Osaka", "JP", "Asia/Tokyo", [
    ["KIX", "Osaka Kansai", "airport", 34.427, 135.244],
    ["ITM", "Osaka Itami", "airport", 34.785, 135.438],
    ["JPSOS", "Shin-Osaka", "rail", 34.733, 135.5],
    ["JPOUB", "Osaka Station Bus Terminal", "bus", 34.703, 135.495],
  ]],
  ["UKY", "Kyoto", "JP", "Asia/Tokyo", [
    ["JPKYS", "Kyoto Station", "rail", 34.986, 135.759],
  ]],
  ["NGO", "Nagoya", "JP", "Asia/Tokyo", [
    ["NGO", "Chubu Centrair", "airport", 34.858, 136.805],
    ["JPNGS", "Nagoya Station", "rail", 35.171, 136.882],
  ]],
  ["HIJ", "Hiroshima", "JP", "Asia/Tokyo", [
    ["HIJ", "Hiroshima Airport", "airport", 34.436, 132.919],
    ["JPHRS", "Hiroshima Station", "rail", 34.398, 132.475],
  ]],
  ["FUK", "Fukuoka", "JP", "Asia/Tokyo", [
    ["FUK", "Fukuoka Airport", "airport", 33.586, 130.451],
    ["JPHKT", "Hakata Station", "rail", 33.59, 130.421],
    ["JPHKF", "Hakata Port International Terminal", "ferry", 33.605, 130.402],
  ]],
  ["SPK", "Sapporo", "JP", "Asia/Tokyo", [
    ["CTS", "New Chitose", "airport", 42.775, 141.692],
    ["JPSPS", "Sapporo Station", "rail", 43.069, 141.351],
  ]],
  ["SEL", "Seoul", "KR", "Asia/Seoul", [
    ["ICN", "Seoul Incheon", "airport", 37.46, 126.441],
    ["GMP", "Seoul Gimpo", "airport", 37.558, 126.791],
    ["KRSEO", "Seoul Station", "rail", 37.555, 126.971],
    ["KRSEB", "Seoul Express Bus Terminal", "bus", 37.505, 127.005],
  ]],
  ["PUS", "Busan", "KR", "Asia/Seoul", [
    ["PUS", "Busan Gimhae", "airport", 35.18, 128.938],
    ["KRBSS", "Busan Station", "rail", 35.115, 129.042],
    ["KRBSP", "Busan Port International Passenger Terminal", "ferry", 35.119, 129.048],
  ]],
  ["BJS", "Beijing", "CN", "Asia/Shanghai", [
    ["PEK", "Beijing Capital", "airport", 40.08, 116.585],
    ["PKX", "Beijing Daxing", "airport", 39.509, 116.411],
    ["CNBJN", "Beijing South", "rail", 39.865, 116.379],
  ]],
  ["SHA", "Shanghai", "CN", "Asia/Shanghai", [
    ["PVG", "Shanghai Pudong", "airport", 31.143, 121.805],
    ["SHA", "Shanghai Hongqiao Airport", "airport", 31.198, 121.336],
    ["CNSHQ", "Shanghai Hongqiao Station", "rail", 31.195, 121.32],
  ]],
  ["CAN", "Guangzhou", "CN", "Asia/Shanghai", [
    ["CAN", "Guangzhou Baiyun", "airport", 23.392, 113.299],
    ["CNGZS", "Guangzhou South", "rail", 22.99, 113.269],
  ]],
  ["SZX", "Shenzhen", "CN", "Asia/Shanghai", [
    ["SZX", "Shenzhen Bao'an", "airport", 22.639, 113.811],
    ["CNSZN", "Shenzhen North", "rail", 22.61, 114.029],
  ]],
  ["HKG", "Hong Kong", "HK", "Asia/Hong_Kong", [
    ["HKG", "Hong Kong International", "airport", 22.308, 113.918],
    ["HKWKL", "Hong Kong West Kowloon", "rail", 22.304, 114.166],
    ["HKHKF", "Hong Kong–Macau Ferry Terminal", "ferry", 22.287, 114.152],
  ]],
  ["MFM", "Macau", "MO", "Asia/Macau", [
    ["MFM", "Macau International", "airport", 22.15, 113.592],
    ["MOMFT", "Macau Outer Harbour Ferry Terminal", "ferry", 22.197, 113.559],
  ]],
  ["TPE", "Taipei", "TW", "Asia/Taipei", [
    ["TPE", "Taiwan Taoyuan", "airport", 25.078, 121.233],
    ["TSA", "Taipei Songshan", "airport", 25.069, 121.552],
    ["TWTPS", "Taipei Main Station", "rail", 25.048, 121.517],
  ]],
  ["KHH", "Kaohsiung", "TW", "Asia/Taipei", [
    ["KHH", "Kaohsiung International", "airport", 22.577, 120.35],
    ["TWZYS", "Zuoying Station", "rail", 22.687, 120.307],
  ]],
  ["BKK", "Bangkok", "TH", "Asia/Bangkok", [
    ["BKK", "Bangkok Suvarnabhumi", "airport", 13.69, 100.75],
    ["DMK", "Bangkok Don Mueang", "airport", 13.913, 100.607],
    ["THBKR", "Krung Thep Aphiwat Central", "rail", 13.804, 100.541],
    ["THBMC", "Bangkok Mo Chit 2 Bus Terminal", "bus", 13.813, 100.548],
  ]],
  ["CNX", "Chiang Mai", "TH", "Asia/Bangkok", [
    ["CNX", "Chiang Mai International", "airport", 18.767, 98.963],
    ["THCMS", "Chiang Mai Station", "rail", 18.785, 99.017],
    ["THCMB", "Chiang Mai Arcade Bus Terminal", "bus", 18.804, 99.015],
  ]],
  ["SIN", "Singapore", "SG", "Asia/Singapore", [
    ["SIN", "Singapore Changi", "airport", 1.364, 103.991],
    ["SGWDL", "Woodlands Train Checkpoint", "rail", 1.443, 103.769],
    ["SGGMB", "Golden Mile Complex Coach Terminal", "bus", 1.303, 103.864],
  ]],
  ["KUL", "Kuala Lumpur", "MY", "Asia/Kuala_Lumpur", [
    ["KUL", "Kuala Lumpur International", "airport", 2.746, 101.71],
    ["MYKLS", "KL Sentral", "rail", 3.134, 101.686],
    ["MYTBS", "Terminal Bersepadu Selatan", "bus", 3.077, 101.711],
  ]],
  ["HAN", "Hanoi", "VN", "Asia/Ho_Chi_Minh", [
    ["HAN", "Hanoi Noi Bai", "airport", 21.221, 105.807],
    ["VNHNS", "Hanoi Station", "rail", 21.024, 105.841],
  ]],
  ["SGN", "Ho Chi Minh City", "VN", "Asia/Ho_Chi_Minh", [
    ["SGN", "Tan Son Nhat International", "airport", 10.819, 106.652],
    ["VNSGS", "Saigon Station", "rail", 10.782, 106.677],
  ]],
  ["MNL", "Manila", "PH", "Asia/Manila", [
    ["MNL", "Manila Ninoy Aquino", "airport", 14.509, 121.02],
  ]],
  ["JKT", "Jakarta", "ID", "Asia/Jakarta", [
    ["CGK", "Jakarta Soekarno-Hatta", "airport", -6.126, 106.656],
    ["HLP", "Jakarta Halim Perdanakusuma", "airport", -6.267, 106.891],
    ["IDGMR", "Jakarta Gambir", "rail", -6.177, 106.831],
  ]],
  ["DEL", "Delhi", "IN", "Asia/Kolkata", [
    ["DEL", "Delhi Indira Gandhi", "airport", 28.556, 77.1],
    ["INNDL", "New Delhi Station", "rail", 28.643, 77.219],
  ]],
  ["JAI", "Jaipur", "IN", "Asia/Kolkata", [
    ["JAI", "Jaipur International", "airport", 26.824, 75.812],
    ["INJPR", "Jaipur Junction", "rail", 26.92, 75.788],
  ]],
  ["BOM", "Mumbai", "IN", "Asia/Kolkata", [
    ["BOM", "Mumbai Chhatrapati Shivaji Maharaj", "airport", 19.09, 72.866],
    ["INCSM", "Mumbai CSMT", "rail", 18.94, 72.835],
  ]],
  ["BLR", "Bengaluru", "IN", "Asia/Kolkata", [
    ["BLR", "Bengaluru Kempegowda", "airport", 13.198, 77.706],
    ["INSBC", "KSR Bengaluru City", "rail", 12.978, 77.569],
  ]],
  ["DXB", "Dubai", "AE", "Asia/Dubai", [
    ["DXB", "Dubai International", "airport", 25.253, 55.364],
    ["AEDGB", "Dubai Al Ghubaiba Bus Station", "bus", 25.264, 55.29],
  ]],
  ["AUH", "Abu Dhabi", "AE", "Asia/Dubai", [
    ["AUH", "Abu Dhabi Zayed International", "airport", 24.433, 54.651],
    ["AEAUB", "Abu Dhabi Central Bus Station", "bus", 24.468, 54.379],
  ]],
  ["DOH", "Doha", "QA", "Asia/Qatar", [
    ["DOH", "Doha Hamad International", "airport", 25.273, 51.608],
  ]],
  ["TLV", "Tel Aviv", "IL", "Asia/Jerusalem", [
    ["TLV", "Tel Aviv Ben Gurion", "airport", 32.011, 34.887],
  ]],
  // Americas
  ["NYC", "New York", "US", "America/New_York", [
    ["JFK", "New York John F. Kennedy", "airport", 40.641, -73.778],
    ["EWR", "Newark Liberty", "airport", 40.69, -74.174],
    ["LGA", "New York LaGuardia", "airport", 40.777, -73.874],
    ["USNYP", "New York Penn Station", "rail", 40.75, -73.993],
    ["USPAB", "New York Port Authority Bus Terminal", "bus", 40.757, -73.99],
  ]],
  ["WAS", "Washington", "US", "America/New_York", [
    ["IAD", "Washington Dulles", "airport", 38.953, -77.456],
    ["DCA", "Washington Reagan National", "airport", 38.852, -77.037],
    ["USWUS", "Washington Union Station", "rail", 38.897, -77.006],
    ["USWUB", "Washington Union Station Bus Deck", "bus", 38.898, -77.004],
  ]],
  ["BOS", "Boston", "US", "America/New_York", [
    ["BOS", "Boston Logan", "airport", 42.366, -71.01],
    ["USBSS", "Boston South Station", "rail", 42.352, -71.055],
    ["USBSB", "Boston South Station Bus Terminal", "bus", 42.349, -71.056],
  ]],
  ["PHL", "Philadelphia", "US", "America/New_York", [
    ["PHL", "Philadelphia International", "airport", 39.872, -75.241],
    ["USPHS", "Philadelphia 30th Street", "rail", 39.956, -75.182],
    ["USPHB", "Philadelphia Bus Terminal", "bus", 39.953, -75.156],
  ]],
  ["MIA", "Miami", "US", "America/New_York", [
    ["MIA", "Miami International", "airport", 25.796, -80.287],
  ]],
  ["ATL", "Atlanta", "US", "America/New_York", [
    ["ATL", "Atlanta Hartsfield-Jackson", "airport", 33.641, -84.428],
  ]],
  ["CHI", "Chicago", "US", "America/Chicago", [
    ["ORD", "Chicago O'Hare", "airport", 41.978, -87.905],
    ["MDW", "Chicago Midway", "airport", 41.786, -87.752],
    ["USCUS", "Chicago Union Station", "rail", 41.879, -87.64],
  ]],
  ["DFW", "Dallas", "US", "America/Chicago", [
    ["DFW", "Dallas/Fort Worth", "airport", 32.9, -97.04],
    ["DAL", "Dallas Love Field", "airport", 32.847, -96.852],
  ]],
  ["DEN", "Denver", "US", "America/Denver", [
    ["DEN", "Denver International", "airport", 39.856, -104.674],
  ]],
  ["PHX", "Phoenix", "US", "America/Phoenix", [
    ["PHX", "Phoenix Sky Harbor", "airport", 33.435, -112.01],
  ]],
  ["LAX", "Los Angeles", "US", "America/Los_Angeles", [
    ["LAX", "Los Angeles International", "airport", 33.942, -118.408],
    ["USLUS", "Los Angeles Union Station", "rail", 34.056, -118.236],
    ["USLAB", "Los Angeles Bus Terminal", "bus", 34.034, -118.235],
  ]],
  ["SFO", "San Francisco", "US", "America/Los_Angeles", [
    ["SFO", "San Francisco International", "airport", 37.619, -122.375],
    ["USEMY", "Emeryville Station", "rail", 37.84, -122.292],
    ["USSFB", "San Francisco Salesforce Transit Center", "bus", 37.79, -122.396],
  ]],
  ["SEA", "Seattle", "US", "America/Los_Angeles", [
    ["SEA", "Seattle-Tacoma", "airport", 47.45, -122.309],
    ["USSKS", "Seattle King Street", "rail", 47.598, -122.33],
  ]],
  ["HNL", "Honolulu", "US", "Pacific/Honolulu", [
    ["HNL", "Honolulu Daniel K. Inouye", "airport", 21.319, -157.922],
  ]],
  ["YVR", "Vancouver", "CA", "America/Vancouver", [
    ["YVR", "Vancouver International", "airport", 49.195, -123.184],
    ["CAVPC", "Vancouver Pacific Central", "rail", 49.273, -123.098],
    ["CATSW", "Tsawwassen Ferry Terminal", "ferry", 49.007, -123.129],
  ]],
  ["YYJ", "Victoria", "CA", "America/Vancouver", [
    ["YYJ", "Victoria International", "airport", 48.647, -123.426],
    ["CASWB", "Swartz Bay Ferry Terminal", "ferry", 48.689, -123.41],
  ]],
  ["YTO", "Toronto", "CA", "America/Toronto", [
    ["YYZ", "Toronto Pearson", "airport", 43.677, -79.631],
    ["YTZ", "Toronto Billy Bishop", "airport", 43.628, -79.396],
    ["CATUS", "Toronto Union Station", "rail", 43.645, -79.381],
  ]],
  ["YMQ", "Montréal", "CA", "America/Toronto", [
    ["YUL", "Montréal-Trudeau", "airport", 45.47, -73.741],
    ["CAMCS", "Montréal Gare Centrale", "rail", 45.5, -73.567],
  ]],
  ["MEX", "Mexico City", "MX", "America/Mexico_City", [
    ["MEX", "Mexico City Benito Juárez", "airport", 19.436, -99.072],
    ["MXTAN", "Mexico City Terminal Norte", "bus", 19.479, -99.14],
  ]],
  ["CUN", "Cancún", "MX", "America/Cancun", [
    ["CUN", "Cancún International", "airport", 21.037, -86.877],
  ]],
  ["BOG", "Bogotá", "CO", "America/Bogota", [
    ["BOG", "Bogotá El Dorado", "airport", 4.702, -74.147],
  ]],
  ["LIM", "Lima", "PE", "America/Lima", [
    ["LIM", "Lima Jorge Chávez", "airport", -12.022, -77.114],
  ]],
  ["SAO", "São Paulo", "BR", "America/Sao_Paulo", [
    ["GRU", "São Paulo Guarulhos", "airport", -23.432, -46.47],
    ["CGH", "São Paulo Congonhas", "airport", -23.626, -46.656],
    ["BRSPT", "São Paulo Tietê Bus Terminal", "bus", -23.516, -46.625],
  ]],
  ["RIO", "Rio de Janeiro", "BR", "America/Sao_Paulo", [
    ["GIG", "Rio de Janeiro Galeão", "airport", -22.81, -43.251],
    ["SDU", "Rio de Janeiro Santos Dumont", "airport", -22.911, -43.163],
    ["BRRNV", "Rio de Janeiro Novo Rio Bus Station", "bus", -22.899, -43.209],
  ]],
  ["BUE", "Buenos Aires", "AR", "America/Argentina/Buenos_Aires", [
    ["EZE", "Buenos Aires Ezeiza", "airport", -34.822, -58.536],
    ["AEP", "Buenos Aires Aeroparque", "airport", -34.559, -58.416],
    ["ARRET", "Buenos Aires Retiro Bus Terminal", "bus", -34.592, -58.375],
    ["ARBBQ", "Buenos Aires Buquebus Terminal", "ferry", -34.6, -58.366],
  ]],
  ["MVD", "Montevideo", "UY", "America/Montevideo", [
    ["MVD", "Montevideo Carrasco", "airport", -34.838, -56.031],
    ["UYTCB", "Montevideo Tres Cruces", "bus", -34.894, -56.166],
    ["UYMVP", "Port of Montevideo", "ferry", -34.904, -56.21],
  ]],
  ["SCL", "Santiago", "CL", "America/Santiago", [
    ["SCL", "Santiago Arturo Merino Benítez", "airport", -33.393, -70.786],
  ]],
  // Africa
  ["CAI", "Cairo", "EG", "Africa/Cairo", [
    ["CAI", "Cairo International", "airport", 30.122, 31.406],
    ["EGCRS", "Cairo Ramses Station", "rail", 30.062, 31.247],
  ]],
  ["ALY", "Alexandria", "EG", "Africa/Cairo", [
    ["HBE", "Alexandria Borg El Arab", "airport", 30.918, 29.696],
    ["EGAMS", "Alexandria Misr Station", "rail", 31.193, 29.904],
  ]],
  ["CMN", "Casablanca", "MA", "Africa/Casablanca", [
    ["CMN", "Casablanca Mohammed V", "airport", 33.367, -7.59],
    ["MACVY", "Casa-Voyageurs", "rail", 33.59, -7.591],
  ]],
  ["RBA", "Rabat", "MA", "Africa/Casablanca", [
    ["RBA", "Rabat-Salé", "airport", 34.051, -6.752],
    ["MARAV", "Rabat-Ville", "rail", 34.015, -6.834],
  ]],
  ["TNG", "Tangier", "MA", "Africa/Casablanca", [
    ["TNG", "Tangier Ibn Battuta", "airport", 35.727, -5.917],
    ["MATNV", "Tanger Ville", "rail", 35.771, -5.79],
  ]],
  ["RAK", "Marrakesh", "MA", "Africa/Casablanca", [
    ["RAK", "Marrakesh Menara", "airport", 31.607, -8.036],
    ["MARAK", "Marrakesh Station", "rail", 31.631, -8.016],
  ]],
  ["TUN", "Tunis", "TN", "Africa/Tunis", [
    ["TUN", "Tunis-Carthage", "airport", 36.851, 10.227],
    ["TNLGN", "La Goulette Ferry Terminal", "ferry", 36.811, 10.303],
  ]],
  ["DKR", "Dakar", "SN", "Africa/Dakar", [
    ["DSS", "Dakar Blaise Diagne", "airport", 14.67, -17.073],
  ]],
  ["LOS", "Lagos", "NG", "Africa/Lagos", [
    ["LOS", "Lagos Murtala Muhammed", "airport", 6.577, 3.321],
  ]],
  ["ACC", "Accra", "GH", "Africa/Accra", [
    ["ACC", "Accra Kotoka", "airport", 5.605, -0.167],
  ]],
  ["ADD", "Addis Ababa", "ET", "Africa/Addis_Ababa", [
    ["ADD", "Addis Ababa Bole", "airport", 8.978, 38.799],
  ]],
  ["NBO", "Nairobi", "KE", "Africa/Nairobi", [
    ["NBO", "Nairobi Jomo Kenyatta", "airport", -1.319, 36.928],
    ["KENBT", "Nairobi Terminus", "rail", -1.366, 36.901],
  ]],
  ["MBA", "Mombasa", "KE", "Africa/Nairobi", [
    ["MBA", "Mombasa Moi International", "airport", -4.035, 39.594],
    ["KEMBT", "Mombasa Terminus", "rail", -4.056, 39.6],
  ]],
  ["JNB", "Johannesburg", "ZA", "Africa/Johannesburg", [
    ["JNB", "Johannesburg O. R. Tambo", "airport", -26.134, 28.242],
    ["ZAJPS", "Johannesburg Park Station", "bus", -26.197, 28.042],
  ]],
  ["DUR", "Durban", "ZA", "Africa/Johannesburg", [
    ["DUR", "Durban King Shaka", "airport", -29.614, 31.12],
    ["ZADBS", "Durban Station", "bus", -29.846, 31.027],
  ]],
  ["CPT", "Cape Town", "ZA", "Africa/Johannesburg", [
    ["CPT", "Cape Town International", "airport", -33.965, 18.602],
  ]],
  // Oceania
  ["SYD", "Sydney", "AU", "Australia/Sydney", [
    ["SYD", "Sydney Kingsford Smith", "airport", -33.946, 151.177],
    ["AUSCT", "Sydney Central", "rail", -33.883, 151.206],
  ]],
  ["CBR", "Canberra", "AU", "Australia/Sydney", [
    ["CBR", "Canberra Airport", "airport", -35.307, 149.195],
    ["AUCBK", "Canberra Kingston Station", "rail", -35.319, 149.149],
  ]],
  ["MEL", "Melbourne", "AU", "Australia/Melbourne", [
    ["MEL", "Melbourne Tullamarine", "airport", -37.669, 144.841],
    ["AUSCS", "Melbourne Southern Cross", "rail", -37.818, 144.952],
  ]],
  ["BNE", "Brisbane", "AU", "Australia/Brisbane", [
    ["BNE", "Brisbane Airport", "airport", -27.384, 153.117],
    ["AURST", "Brisbane Roma Street", "rail", -27.466, 153.019],
  ]],
  ["ADL", "Adelaide", "AU", "Australia/Adelaide", [
    ["ADL", "Adelaide Airport", "airport", -34.945, 138.531],
  ]],
  ["PER", "Perth", "AU", "Australia/Perth", [
    ["PER", "Perth Airport", "airport", -31.94, 115.967],
  ]],
  ["AKL", "Auckland", "NZ", "Pacific/Auckland", [
    ["AKL", "Auckland Airport", "airport", -37.008, 174.792],
    ["NZAKS", "Auckland SkyCity Coach Terminal", "bus", -36.848, 174.762],
  ]],
  ["WLG", "Wellington", "NZ", "Pacific/Auckland", [
    ["WLG", "Wellington Airport", "airport", -41.327, 174.805],
    ["NZWLR", "Wellington Station Bus Terminal", "bus", -41.279, 174.781],
  ]],
  ["CHC", "Christchurch", "NZ", "Pacific/Auckland", [
    ["CHC", "Christchurch Airport", "airport", -43.489, 172.532],
  ]],
  ["NAN", "Nadi", "FJ", "Pacific/Fiji", [
    ["NAN", "Nadi International", "airport", -17.755, 177.443],
  ]],
];
