"""The generated organisation's vocabulary: names, departments, topics, offices and venues."""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Diverse international names; a full name is unique within an organisation.
FIRST_NAMES = _words("""
Ana João Inês Tiago Beatriz Miguel Mariana Rui Catarina Duarte Leonor Afonso Sofia Gonçalo Marta
Lena Jonas Hannah Felix Mia Lukas Emma Paul Clara Maximilian Greta Leon Ida Moritz Johanna Emil
Olivia Liam Ava Noah Isabella Ethan Grace Lucas Chloe Mason Zoe Elijah Harper Caleb Nora Owen
Aisha Omar Fatima Yusuf Layla Karim Amira Hassan Samira Tariq Priya Arjun Ananya Rohan Kavya Vikram
Meera Aditya Wei Jun Mei Hao Xin Lin Yuki Haruto Sakura Ren Aiko Sora Min-jun Seo-yeon Ji-woo Hyun
Chinedu Amara Kwame Ama Tunde Zainab Kofi Nia Sipho Thandiwe Mateo Valentina Santiago Camila
Diego Lucía Alejandro Martina Joaquín Renata Pablo Carmen Giulia Marco Francesca Luca Chiara Matteo
Élodie Julien Camille Antoine Manon Louis Chloé Hugo Anouk Daan Sanne Bram Freya Astrid Erik Ingrid
Mikkel Sigrid Oskar Aleksander Zofia Kacper Natalia Tomasz Ivana Luka Petra Nikola Elif Emre Zeynep
Can Ayşe Dmitri Anya Olena Taras Noa Yael Avi Tamar Kai Ayla Rafael Helena Bruno Luana Thiago Bianca
""")
LAST_NAMES = _words("""
Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Almeida Carvalho Gomes Lopes
Müller Schmidt Schneider Fischer Weber Becker Hoffmann Wagner Schulz Koch Richter Wolf Neumann
Smith Johnson Williams Brown Jones Garcia Miller Davis Wilson Anderson Taylor Thomas Moore Jackson
Khan Ahmed Hussain Rahman Haddad Nasser Farah Mansour Aziz Saleh Patel Sharma Singh Gupta Iyer Rao
Nair Reddy Menon Kapoor Chen Wang Li Zhang Liu Huang Zhao Wu Tanaka Suzuki Sato Takahashi Watanabe
Ito Kim Park Lee Choi Jung Kang Okafor Adeyemi Mensah Boateng Nkosi Dlamini Mwangi Otieno Diallo
Traoré Hernández López González Pérez Sánchez Ramírez Torres Flores Rivera Morales Rossi Russo
Ferrari Esposito Bianchi Romano Colombo Ricci Dubois Durand Lefebvre Moreau Laurent Girard Bakker
Visser Jansen Dekker Andersen Nielsen Hansen Larsen Lindqvist Johansson Nowak Kowalski Wiśniewska
Novak Horvat Kovač Yılmaz Demir Şahin Kaya Ivanov Petrova Kovalenko Shevchenko Cohen Levi Mizrahi
Friedman Kaplan Fernandes Barbosa Ribeiro Cardoso Teixeira Moreira
""")
# Base departments and the words their teams are named after.
DEPARTMENTS = (  # name, relative size, the words its teams are named after
    ("Engineering", 3.0, ("payments", "platform", "mobile", "search", "identity", "infra", "web", "api")),
    ("Sales", 2.0, ("emea", "americas", "enterprise", "smb", "partners")),
    ("Customer Success", 1.5, ("support", "renewals", "implementation", "success")),
    ("Product", 1.0, ("discovery", "growth", "pricing", "onboarding")),
    ("Data", 1.0, ("analytics", "ml", "data-platform", "insights")),
    ("Marketing", 1.0, ("content", "events", "lifecycle", "campaigns")),
    ("Design", 0.7, ("brand", "research", "design-systems", "ux")),
    ("Finance", 0.6, ("accounting", "fpa", "payroll", "tax")),
    ("People", 0.6, ("recruiting", "people-ops", "learning", "workplace")),
    ("Operations", 0.6, ("it", "facilities", "procurement", "vendors")),
    ("Security", 0.5, ("appsec", "secops", "grc")),
    ("Legal", 0.4, ("contracts", "privacy", "compliance")),
)
LOCAL_TOPICS = ("running", "lunch", "cooking", "climbing", "board-games", "cycling", "football",
                "yoga", "parents")
GLOBAL_TOPICS = ("book-club", "pets", "photography", "music", "travel", "gardening", "movies",
                 "gaming", "til", "language-exchange")
VENUES = {
    "Lisbon": ("Kitchen, 2nd floor", "Pastelaria on the ground floor",
               "Jardim da Estrela kiosk"),
    "Berlin": ("Kantine, 4th floor", "Café Einstein (Unter den Linden)",
               "Tiergarten walk from the east gate"),
    "New York": ("Pantry, 12th floor", "Bryant Park kiosk", "Coffee cart on 6th Ave"),
}

OFFICES = (("Lisbon", "Europe/Lisbon", 0.40), ("Berlin", "Europe/Berlin", 0.35),
           ("New York", "America/New_York", 0.25))
