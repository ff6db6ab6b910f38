"""Pseudo-translation: English words to words that look like the target language.

Common words come from a small dictionary, so "the cat is on the table" reads as French to a
reader; every other word maps to a fixed word of the target language's filler vocabulary by a
keyed hash, so the same word always translates the same way and different languages differ.
Names (capitalised words inside a sentence), numbers and punctuation pass through unchanged.
"""
from __future__ import annotations

import re

from .seed import seed_int

_DICTIONARIES: dict[str, dict[str, str]] = {
    "fr": dict(zip(
        "the a an is are was and or but of to in on with for from this that my your it i you we they he she hello thank thanks yes no good very house cat dog table today tomorrow world friend water book city time day people love like eat want have be".split(),
        "le un une est sont était et ou mais de à dans sur avec pour de ce que mon votre il je vous nous ils il elle bonjour merci merci oui non bon très maison chat chien table aujourd'hui demain monde ami eau livre ville temps jour gens aime aime mange veux avoir être".split(),
    )),
    "de": dict(zip(
        "the a an is are was and or but of to in on with for from this that my your it i you we they he she hello thank thanks yes no good very house cat dog table today tomorrow world friend water book city time day people love like eat want have be".split(),
        "der ein eine ist sind war und oder aber von zu in auf mit für aus dies das mein dein es ich du wir sie er sie hallo danke danke ja nein gut sehr Haus Katze Hund Tisch heute morgen Welt Freund Wasser Buch Stadt Zeit Tag Leute liebe mag esse will habe sein".split(),
    )),
    "es": dict(zip(
        "the a an is are was and or but of to in on with for from this that my your it i you we they he she hello thank thanks yes no good very house cat dog table today tomorrow world friend water book city time day people love like eat want have be".split(),
        "el un una es son era y o pero de a en sobre con para de este que mi tu eso yo tú nosotros ellos él ella hola gracias gracias sí no bueno muy casa gato perro mesa hoy mañana mundo amigo agua libro ciudad tiempo día gente amo gusta como quiero tengo ser".split(),
    )),
}

_FILLERS: dict[str, tuple[str, ...]] = {
    "fr": tuple("avoir chose monde façon année travail gouvernement partie enfant semaine question pays problème main endroit grand petit nouveau premier dernier long important jeune bien encore toujours jamais souvent peut-être aussi ensemble pendant depuis contre entre vers sous chez selon malgré même autre quelque chaque plusieurs beaucoup trop assez déjà ainsi alors donc pourtant cependant lumière rivière montagne jardin matin soirée fenêtre chemin marché histoire idée raison détail choix niveau étape forme côté ligne réponse résultat valeur langue réseau texte".split()),
    "de": tuple("haben Sache Welt Weise Jahr Arbeit Regierung Teil Kind Woche Frage Land Problem Hand Ort groß klein neu erste letzte lang wichtig jung gut noch immer nie oft vielleicht auch zusammen während seit gegen zwischen nach unter bei laut trotz selbst andere einige jede mehrere viel zu genug schon so dann also doch jedoch Licht Fluss Berg Garten Morgen Abend Fenster Weg Markt Geschichte Idee Grund Einzelheit Wahl Stufe Schritt Form Seite Linie Antwort Ergebnis Wert Sprache Netzwerk Text".split()),
    "es": tuple("tener cosa mundo manera año trabajo gobierno parte niño semana pregunta país problema mano lugar grande pequeño nuevo primero último largo importante joven bien todavía siempre nunca menudo quizás también juntos durante desde contra entre hacia bajo según pesar mismo otro alguno cada varios mucho demasiado bastante ya así entonces pues sin embargo luz río montaña jardín mañana tarde ventana camino mercado historia idea razón detalle elección nivel paso forma lado línea respuesta resultado valor lengua red texto".split()),
    "it": tuple("avere cosa mondo modo anno lavoro governo parte bambino settimana domanda paese problema mano posto grande piccolo nuovo primo ultimo lungo importante giovane bene ancora sempre mai spesso forse anche insieme durante contro tra verso sotto secondo stesso altro ogni molti molto troppo abbastanza già così allora quindi però luce fiume montagna giardino mattina sera finestra strada mercato storia idea ragione scelta livello passo forma lato linea risposta risultato valore lingua rete testo il la di che è e un una per con".split()),
    "pt": tuple("ter coisa mundo maneira ano trabalho governo parte criança semana pergunta país problema mão lugar grande pequeno novo primeiro último longo importante jovem bem ainda sempre nunca muitas talvez também juntos durante desde contra entre para sob segundo mesmo outro cada vários muito demais bastante já assim então porém luz rio montanha jardim manhã noite janela caminho mercado história ideia razão detalhe escolha nível passo forma lado linha resposta resultado valor língua rede texto o a de que é e um uma com não".split()),
    "nl": tuple("hebben ding wereld manier jaar werk regering deel kind week vraag land probleem hand plaats groot klein nieuw eerste laatste lang belangrijk jong goed nog altijd nooit vaak misschien ook samen tijdens sinds tegen tussen naar onder volgens zelf ander elke veel te genoeg al zo dan dus toch echter licht rivier berg tuin ochtend avond raam weg markt verhaal idee reden keuze niveau stap vorm kant lijn antwoord resultaat waarde taal netwerk tekst de het een en van is dat op".split()),
    "ro": tuple("avea lucru lume fel an muncă guvern parte copil săptămână întrebare țară problemă mână loc mare mic nou primul ultimul lung important tânăr bine încă mereu niciodată adesea poate și împreună timpul contra între spre sub după același alt fiecare mulți mult prea destul deja așa atunci deci totuși lumină râu munte grădină dimineață seară fereastră drum piață poveste idee motiv alegere nivel pas formă parte linie răspuns rezultat valoare limbă rețea text".split()),
    "en": tuple("the model data system answer question result value language learning network text time people world example process information method research analysis structure pattern memory context signal feature sample river mountain city garden morning evening light water road window library market story idea reason detail choice part level point step way form kind side area line and of is to in for with".split()),
}

# Codes and names clients send as `tgt_lang` (ISO 639-1, NLLB/M2M codes, mBART codes, names).
_ALIASES = {
    "fra": "fr", "french": "fr", "deu": "de", "ger": "de", "german": "de", "spa": "es", "spanish": "es",
    "ita": "it", "italian": "it", "por": "pt", "portuguese": "pt", "nld": "nl", "dutch": "nl",
    "ron": "ro", "rum": "ro", "romanian": "ro", "eng": "en", "english": "en",
}

_TOKEN = re.compile(r"\w+(?:'\w+)?|\W+")


def language_code(value: str) -> str:
    """``fr``, ``fr_XX``, ``fra_Latn``, ``French`` -> ``fr``; unknown codes keep their first part."""
    head = re.split(r"[_\-]", value.strip().lower(), maxsplit=1)[0]
    return _ALIASES.get(head, head[:2] if len(head) == 2 else head)


def _synthetic_word(language: str, word: str) -> str:
    """A made-up but pronounceable word for languages without a filler list."""
    syllables = ("ka", "lo", "mi", "ren", "ta", "vu", "so", "an", "dei", "ur", "po", "shi", "ne", "ol")
    n = 1 + seed_int("syllables", language, word) % 3
    return "".join(syllables[seed_int("syllable", language, word, i) % len(syllables)] for i in range(n))


def translate_word(language: str, word: str) -> str:
    lower = word.lower()
    translated = _DICTIONARIES.get(language, {}).get(lower)
    if translated is None:
        fillers = _FILLERS.get(language)
        translated = fillers[seed_int("translate", language, lower) % len(fillers)] if fillers else _synthetic_word(language, lower)
    if word[:1].isupper() and not translated[:1].isupper():
        translated = translated[:1].upper() + translated[1:]
    return translated


def translate(language: str, text: str) -> str:
    """``text`` with each word translated; names, numbers, spacing and punctuation kept."""
    out: list[str] = []
    sentence_start = True
    for token in _TOKEN.findall(text):
        if not token[0].isalnum() and token[0] != "_":
            out.append(token)
            sentence_start = sentence_start or bool(re.search(r"[.!?]", token))
            continue
        common = token.lower() in _DICTIONARIES.get(language, {}) or token == "I"
        is_name = token[:1].isupper() and not sentence_start and not common
        out.append(token if token.isdigit() or is_name else translate_word(language, token))
        sentence_start = False
    return "".join(out)


def guess_language(text: str) -> str | None:
    """The language whose common words the text uses most (en, fr, de, es), or None."""
    words = re.findall(r"\w+(?:'\w+)?", text.lower())
    english = next(iter(_DICTIONARIES.values())).keys()
    counts = {"en": sum(1 for w in words if w in english)}
    for language, dictionary in _DICTIONARIES.items():
        vocabulary = {v.lower() for v in dictionary.values()}
        counts[language] = sum(1 for w in words if w in vocabulary)
    best = max(counts, key=lambda language: (counts[language], language == "en"))
    return best if counts[best] else None
