"""The texts of the demo handbooks: a realistic outline of a Dutch personnel handbook for a
small public social-work organisation under the CAO Sociaal Werk, and a handbook of work
processes. Demo data, not policy advice."""

WERKTIJDEN = """\
# Werktijden

De normale arbeidsduur bij een volledig dienstverband is 36 uur per week, zoals de CAO Sociaal Werk regelt. Je werktijden spreek je af met je leidinggevende, rekening houdend met de bereikbaarheid van de teams van 8.30 tot 17.00 uur.

Werk je in de avond voor een huisbezoek, dan compenseer je die uren binnen vier weken in overleg met je leidinggevende.

# Verlof

Je vraagt vakantieverlof minstens vier weken van tevoren aan via je leidinggevende. In de zomer stemmen de teams de vakanties zo af dat elke gemeente bereikbaar blijft.

Bijzonder verlof (bijvoorbeeld bij een huwelijk, verhuizing of overlijden) regelt de CAO Sociaal Werk; P&O helpt je bij de aanvraag.
"""

VERZUIM_V1 = """\
# Ziekmelding

Ben je ziek, meld je dan voor 9.00 uur telefonisch bij je leidinggevende en meld je ook ziek in PlusTeam HR. Vertel niet wat je mankeert: je leidinggevende vraagt alleen wat je wel en niet kunt en hoe lang je denkt weg te blijven.

Geef door op welk adres en telefoonnummer je bereikbaar bent als dat niet je huisadres is.

# Contact tijdens ziekte

Je leidinggevende neemt binnen drie werkdagen contact met je op. Daarna spreken jullie samen af hoe vaak jullie contact hebben.

# Re-integratie

Duurt je ziekte langer dan zes weken, dan maakt de bedrijfsarts van ArboNed een probleemanalyse. Binnen acht weken stellen jij en je leidinggevende samen een plan van aanpak op, volgens de Wet verbetering poortwachter.

Je werkt mee aan je re-integratie. Bij een verschil van mening kun je een deskundigenoordeel vragen bij het UWV.

# Herstel

Ben je hersteld, meld je dan beter bij je leidinggevende en in PlusTeam HR.
"""

VERZUIM_V2 = """\
# Ziekmelding

Ben je ziek, meld je dan voor 8.30 uur telefonisch bij je leidinggevende en meld je ook ziek in PlusTeam HR. Vertel niet wat je mankeert: je leidinggevende vraagt alleen wat je wel en niet kunt en hoe lang je denkt weg te blijven.

Geef door op welk adres en telefoonnummer je bereikbaar bent als dat niet je huisadres is.

# Contact tijdens ziekte

Je leidinggevende neemt binnen twee werkdagen contact met je op en belt daarna ten minste eens per week, tenzij jullie samen iets anders afspreken.

Na vier weken ziekte is er een gesprek met de adjunct-directeur over wat de organisatie kan doen om terugkeer te ondersteunen.

# Re-integratie

Duurt je ziekte langer dan zes weken, dan maakt de bedrijfsarts van ArboNed een probleemanalyse. Binnen acht weken stellen jij en je leidinggevende samen een plan van aanpak op, volgens de Wet verbetering poortwachter.

Je werkt mee aan je re-integratie. Bij een verschil van mening kun je een deskundigenoordeel vragen bij het UWV.

# Herstel

Ben je hersteld, meld je dan beter bij je leidinggevende en in PlusTeam HR.
"""

SCHOLING = """\
# Scholing

Elk jaar stelt de organisatie een jaarplan deskundigheidsbevordering op, met de opleidingswensen uit de ontwikkelgesprekken en de trainingen voor iedereen (zoals SCHIP en intervisie elke zes weken).

Scholing die de organisatie nodig vindt, is werktijd en wordt volledig vergoed.

# Registratie in het Kwaliteitsregister Jeugd

Ben je SKJ-geregistreerd, dan houd je zelf je punten bij. P&O waarschuwt je op tijd als je herregistratie in gevaar komt, en helpt je scholing te plannen die meetelt.
"""

ONTWIKKELGESPREK = """\
# Het jaarlijkse ontwikkelgesprek

Eén keer per jaar voer je een ontwikkelgesprek met je leidinggevende. Je kiest zelf een tijd uit de tijden die je leidinggevende aanbiedt.

Jullie bereiden het gesprek allebei voor. Jouw voorbereiding is van jou, totdat je die deelt.

# Afspraken

De afspraken (ontwikkeldoelen, opleidingswensen, ondersteuning en een vervolgafspraak) leggen jullie samen vast en ondertekenen jullie allebei. Daarna kan alleen nog een notitie over het vervolg worden toegevoegd.
"""

PRIVACY = """\
# Persoonsgegevens

De organisatie legt alleen persoonsgegevens vast die nodig zijn voor je dienstverband. Medische gegevens legt de organisatie nooit vast: die blijven bij de bedrijfsarts.

# Wie wat mag zien

Verzuimgegevens van individuele medewerkers zien alleen je leidinggevende, P&O en de directie. De PVT en het bestuur zien alleen cijfers over groepen van ten minste vijf mensen.

Elke keer dat iemand anders dan jijzelf je verzuim-, re-integratie- of ontwikkeldossier inziet, wordt dat vastgelegd.
"""

GEDRAG = """\
# Gedragscode

We gaan respectvol om met cliënten en collega's. We nemen geen geschenken aan van cliënten met een waarde boven de 25 euro.

# Vertrouwenspersoon

Heb je te maken met ongewenst gedrag, dan kun je terecht bij de externe vertrouwenspersoon. Het gesprek is vertrouwelijk.
"""

INTAKE = """\
# Aanmelding

Een huishouden meldt zich aan via de gemeente, het wijkteam of rechtstreeks. De dienstdoende generalist legt de aanmelding dezelfde dag vast.

# Intake

Binnen vijf werkdagen volgt een intakegesprek, bij voorkeur thuis. De generalist maakt samen met het huishouden een plan.
"""

CASUSOVERLEG = """\
# Casusoverleg

Elk team heeft wekelijks casusoverleg. Complexe casussen met meerdere hulpverleners bespreek je hier eerst.

# Intervisie

Intervisie is er elke zes weken, in vaste groepen van vijf tot zeven generalisten. Intervisie telt mee voor je SKJ-punten.
"""

HERINRICHTING = """\
# Aanleiding

Het werk in Geldrop-Mierlo en Waalre groeit niet even hard. Om de caseload eerlijk te verdelen en het verzuim terug te dringen, worden de teams anders ingericht.

# Voorstel

Twee generalisten uit Geldrop-Mierlo gaan één dag per week in Waalre werken. Elk team krijgt een vaste aandachtsfunctionaris huiselijk geweld.

# Gevolgen voor medewerkers

Reistijd tussen de gemeenten is werktijd. Niemand gaat er in uren of salaris op achteruit.
"""
