"""The vocabulary of lines: what a short line of text says it is, whatever its markup.

Article bodies carry lines that are not article text but sit in the same `<p>`s as it:
"read also" links, share prompts, photo credits, "last updated" stamps, tag lists, the
site's comment policy, the heading of a related-articles box. They are recognised here
by their wording, in the languages of nashra's papers (Arabic, French, English) and of
the evaluation sets (German, Spanish, Polish). Every pattern is anchored at the start of
the line and only applied to short lines (`MAX_LINE_CHARS`): prose that happens to start
with "Foto" or «للمزيد» is longer than that.
"""

from __future__ import annotations

import re

# Boilerplate lines are short; a long paragraph that starts with «للمزيد» is prose.
MAX_LINE_CHARS = 200
# A heading or line announcing related content ends the article when it comes after at
# least this share of the body's text (earlier, it may be an in-text "read also").
END_MARKER_MIN_POSITION = 0.5

_AR_ALSO = r"(?:أ|ا)يضا(?:ً)?"
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:"
    # "read also" and its kin: a link to another article follows
    rf"(?:إ|ا)قرأ\s+{_AR_ALSO}|(?:إ|ا)قرأ\s+المزيد|(?:إ|ا)قرأ\s+كذلك|شاهد\s+{_AR_ALSO}|"
    rf"طالع\s+{_AR_ALSO}|انظر\s+{_AR_ALSO}|للمزيد|تابعوا|تابعونا|"
    r"read\s+(?:more|also|next)|related\s*:|see\s+also|more\s*:|continue\s+reading|"
    r"lire\s+(?:aussi|également|la\s+suite)|à\s+lire\s+(?:aussi|également)|voir\s+aussi|"
    r"lesen\s+sie\s+(?:auch|mehr|hier)|mehr\s+zum\s+thema|weiterlesen|zum\s+artikel|"
    r"leer\s+más|lee\s+también|czytaj\s+(?:też|także|więcej)|"
    # sharing, printing, subscribing
    r"share\s+(?:this|on)|click\s+to\s+share|print\s+this|subscribe\b|sign\s+up|"
    r"(?:partager|partagez|teilen|drucken|imprimer|share|print|شارك|مشاركة|طباعة|"
    r"أرسل\s+لصديق)\s*[:：]?\s*$|"
    r"(?:partager|partagez)\s+(?:sur|cet|l['’]article)|teilen\s+(?:auf|sie\s+diesen)|"
    r"(?:شارك|مشاركة)\s+(?:على|عبر|المقال|الخبر|الموضوع)|طباعة\s+(?:المقال|الخبر|الموضوع)|"
    # copyright and credits
    r"©|\(c\)\s|copyright|جميع\s+الحقوق\s+محفوظة|all\s+rights\s+reserved|"
    r"tous\s+droits\s+réservés|alle\s+rechte\s+vorbehalten|"
    r"\(?(?:foto|fotos|photo|photos|bild|bilder|titelbild|beitragsbild|image|credit|credits|"
    r"crédits?(?:\s+photos?)?|source\s+photo|quelle|fot\.|zdjęcie|تصوير|الصورة|صورة\s+أرشيفية)"
    r"\s*[:/]|"
    # reading time
    r"\d+\s*(?:min|mins|minutes?|دقائق|دقيقة|د)\.?(?:\s*(?:read|lesen|de\s+lecture|قراءة|للقراءة))?\s*$|"
    # publication metadata
    r"(?:aktualisiert|zuletzt\s+aktualisiert|letzte\s+änderung|stand|veröffentlicht\s+am|"
    r"updated|last\s+(?:updated|modified)|published|posted\s+(?:on|in|by)|filed\s+under|"
    r"mis\s+à\s+jour|publié\s+le|actualizado|kategorie|category|categories|catégories?|"
    r"tags?|schlagworte|stichworte|themen|mots-clés|etiquetas|"
    r"آخر\s+تحديث|تاريخ\s+النشر|الوسوم|كلمات\s+مفتاحية|الكلمات\s+الدالة)\s*:|"
    r"this\s+entry\s+was\s+posted|dieser\s+beitrag\s+wurde|der\s+beitrag\s+wurde"
    r")",
    re.I,
)
# Headings and short lines that open the related-articles / comments part of a page.
END_MARKER = re.compile(
    r"^\s*(?:"
    r"related(?:\s+(?:articles?|posts?|stories|coverage|content))?|recommended|"
    r"(?:you\s+)?(?:may|might)\s+also\s+like|more\s+(?:from|on|stories|articles|news)|"
    r"(?:das\s+)?könnte\s+(?:sie|dich)\s+(?:auch\s+)?interessieren|verwandte\s+(?:beiträge|artikel|themen)|"
    r"weitere\s+(?:themen|artikel|beiträge|nachrichten|informationen)|empfohlene\s+(?:beiträge|artikel)|"
    r"ähnliche\s+(?:beiträge|artikel)|mehr\s+(?:zum\s+thema|aus|von|artikel)|auch\s+interessant|"
    r"sur\s+le\s+même\s+sujet|à\s+lire\s+(?:aussi|également)|articles?\s+(?:similaires|liés)|"
    r"noticias\s+relacionadas|te\s+puede\s+interesar|también\s+te\s+puede\s+interesar|"
    r"zobacz\s+(?:też|także)|podobne\s+artykuły|"
    r"مواضيع\s+ذات\s+صلة|موضوعات\s+ذات\s+صلة|أخبار\s+ذات\s+صلة|اخبار\s+ذات\s+صلة|"
    r"مقالات\s+ذات\s+صلة|الموضوعات\s+المتعلقة|مواضيع\s+متعلقة|اقرأ\s+أيضا|إقرأ\s+أيضا|"
    r"الأكثر\s+(?:قراءة|مشاهدة|تداولا)|المزيد\s+من|"
    r"comments?|kommentare?|commentaires?|comentarios|التعليقات|"
    r"leave\s+a\s+(?:reply|comment)|schreibe?\s+einen\s+kommentar|laisser\s+un\s+commentaire|"
    r"أضف\s+تعليق|اضف\s+تعليق"
    r")\s*[:!.]?\s*$",
    re.I,
)
BYLINE_LINE = re.compile(
    r"^\s*(?:كتب(?:ت|ه|ها)?|بقلم|حوار|إعداد|اعداد|تقرير|ترجمة|مراسل\w*|by|par|von|por)\b\s*[:：]?",
    re.I,
)
# The last lines of a body may be the site's comment policy or opinion disclaimer
# («ترحب شبكة CNN بالنقاش... مراجعة التعليقات قبل نشرها»): a comment word with a policy
# word, or a disclaimer.
COMMENT_WORDS = re.compile(r"التعليقات|تعليقات|comments|commentaires|kommentare", re.I)
POLICY_WORDS = re.compile(
    r"سياسة|إرشادات|ارشادات|شروط|نشرها|policy|guidelines|terms|moderat|charte|richtlinie", re.I
)
DISCLAIMER = re.compile(
    r"لا\s+تعبر\s+(?:بالضرورة\s+)?عن\s+رأي|do(?:es)?\s+not\s+(?:necessarily\s+)?reflect|"
    r"ne\s+reflète(?:nt)?\s+pas",
    re.I,
)


def is_boilerplate_line(text: str) -> bool:
    return len(text) <= MAX_LINE_CHARS and bool(BOILERPLATE_LINE.match(text))


def is_end_marker(text: str) -> bool:
    return len(text) <= MAX_LINE_CHARS and bool(END_MARKER.match(text))


def is_site_notice(text: str) -> bool:
    if len(text) > 2 * MAX_LINE_CHARS:
        return False
    return bool(DISCLAIMER.search(text)) or bool(
        COMMENT_WORDS.search(text) and POLICY_WORDS.search(text)
    )
