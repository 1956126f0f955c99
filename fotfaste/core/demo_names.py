"""Name and street lists for demo data.

First names are among the common ones given in Sweden to children born around
2003–2011; the "international" lists hold names common among young people in
Sweden with a foreign background. Combined at random they give fictional people.
"""

# Compact lists read better than one name per line.
# fmt: off
SWEDISH_FEMALE = (
    "Agnes", "Alice", "Alicia", "Alma", "Alva", "Amanda", "Anna", "Astrid", "Clara", "Cornelia", "Ebba",
    "Elin", "Ella", "Ellen", "Elsa", "Elvira", "Emelie", "Emilia", "Emma", "Ester", "Felicia", "Filippa",
    "Frida", "Hanna", "Ida", "Isabelle", "Jennifer", "Johanna", "Josefin", "Julia", "Klara", "Linn", "Linnea",
    "Lisa", "Lova", "Lovisa", "Madeleine", "Maja", "Majken", "Matilda", "Meja", "Moa", "Molly", "Nellie",
    "Nora", "Olivia", "Rebecka", "Saga", "Sara", "Signe", "Sofia", "Stella", "Thea", "Tilda", "Tindra",
    "Tuva", "Vera", "Wilma", "Ronja", "Märta",
)

SWEDISH_MALE = (
    "Adam", "Albin", "Alexander", "Alfred", "Anton", "Arvid", "Axel", "Benjamin", "Carl", "Casper", "David",
    "Edvin", "Elias", "Elliot", "Emil", "Erik", "Filip", "Gabriel", "Gustav", "Hampus", "Harry", "Hugo",
    "Isak", "Jacob", "Jesper", "Joel", "Johan", "Jonathan", "Kevin", "Leo", "Liam", "Linus", "Love", "Lucas",
    "Ludvig", "Malte", "Marcus", "Max", "Melker", "Melvin", "Neo", "Nils", "Noah", "Olle", "Oliver", "Oscar",
    "Rasmus", "Samuel", "Sebastian", "Simon", "Sixten", "Theo", "Viktor", "Vincent", "Wilmer", "William",
    "Ture", "Otto", "Måns", "Sigge",
)

INTERNATIONAL_FEMALE = (
    "Fatima", "Amina", "Yasmin", "Sara", "Maryam", "Zahra", "Aisha", "Leila", "Nour", "Rania", "Hiba", "Sana",
    "Amira", "Dalia", "Hawa", "Hodan", "Ayan", "Asma", "Elif", "Zeynep", "Shirin", "Nadia", "Layla", "Rahaf",
    "Selin", "Aya", "Malak", "Lina", "Hana", "Maria", "Milica", "Jelena", "Natalia", "Weronika", "Sabrina",
    "Ilham", "Samira", "Roza", "Helen", "Mahsa",
)

INTERNATIONAL_MALE = (
    "Mohammed", "Ahmed", "Ali", "Hassan", "Omar", "Yusuf", "Abdi", "Mustafa", "Ibrahim", "Ismail", "Karim",
    "Khalid", "Hamza", "Adnan", "Amir", "Reza", "Mahmoud", "Mehmet", "Emir", "Kerem", "Abdullahi", "Samir",
    "Hussein", "Nikola", "Luka", "Marko", "Dawit", "Yonas", "Daniel", "Milad", "Ayub", "Bilal", "Elias",
    "Adam", "Yasin", "Zakaria", "Mateusz", "Jakub", "Arman", "Danyal",
)

SWEDISH_SURNAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg",
    "Jakobsson", "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson",
    "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson",
    "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin",
    "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson",
    "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist",
    "Claesson", "Nordström", "Mårtensson", "Lundström", "Viklund", "Björklund", "Eliasson", "Berggren",
    "Sandström", "Nordin", "Ström", "Åberg", "Hermansson", "Ekström", "Holmgren", "Sundberg", "Hedlund",
    "Dahlberg", "Hellström", "Sjögren", "Öberg",
)

INTERNATIONAL_SURNAMES = (
    "Ali", "Mohammed", "Ahmed", "Hassan", "Hussein", "Abdullahi", "Omar", "Ibrahim", "Yusuf", "Abdi",
    "Khalil", "Haddad", "Saleh", "Nasser", "Karimi", "Hosseini", "Ahmadi", "Rahimi", "Mohammadi", "Yilmaz",
    "Kaya", "Demir", "Öztürk", "Aydin", "Nguyen", "Tran", "Nowak", "Kowalczyk", "Jovanović", "Petrović",
    "Hodžić", "Begić", "Tesfaye", "Mekonnen", "Warsame", "Farah", "Jama", "Osman", "Mahmoud", "Khan",
    "Rashid", "Jaber", "Al-Hassan", "Abbas", "Sharif",
)

STREETS = (
    "Storgatan", "Skolgatan", "Kyrkogatan", "Drottninggatan", "Kungsgatan", "Nygatan", "Järnvägsgatan",
    "Parkgatan", "Trädgårdsgatan", "Torggatan", "Västra vägen", "Östra vägen", "Björkvägen", "Ekvägen",
    "Lönnvägen", "Tallvägen", "Granvägen", "Aspvägen", "Almvägen", "Lindvägen", "Rönnvägen", "Syrénvägen",
    "Sjövägen", "Skogsvägen", "Ängsvägen", "Backvägen", "Bäckvägen", "Solvägen", "Industrigatan", "Vallgatan",
    "Fabriksgatan", "Idrottsvägen", "Skolvägen", "Kvarngatan", "Prästgårdsvägen", "Blåbärsvägen", "Hagvägen",
    "Villavägen", "Stationsvägen", "Åkervägen",
)
# fmt: on
