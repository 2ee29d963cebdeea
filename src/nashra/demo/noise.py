"""Page furniture around a demo article: reader comments, tags, "most read" picks.

Real article pages carry much more than the article; an extractor must keep the article
and drop the rest. Everything here is chosen deterministically from the article id (a
hash, never `random`), so a page is byte-identical on every run and tests can rely on it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

COMMENTED_ONE_IN = 3  # about a third of articles have reader comments, as on small dailies
MIN_COMMENTS = 2
MAX_COMMENTS = 3
MAX_TAGS = 3
# Short words are mostly particles and prepositions; tags are content words.
MIN_TAG_LENGTH = {"ar": 5, "fr": 7}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_STOP_WORDS = frozenset(
    {
        "الولاية",
        "بلدية",
        "اليوم",
        "الأولى",
        "pendant",
        "premier",
        "première",
        "nouvelle",
        "nouveau",
        "toujours",
        "l'année",
        "derniers",
    }
)


@dataclass(frozen=True)
class ReaderComment:
    name: str
    text: str
    ago: str  # relative time, as comment widgets print it; never a date


ARABIC_COMMENTS: tuple[tuple[str, str], ...] = (
    ("أبو ياسين", "الله يكون في العون، المهم أن يصل المشروع إلى المواطن البسيط وليس الوعود فقط."),
    ("مواطن غيور", "نتمنى أن تتم المتابعة الميدانية، فقد سمعنا هذا الكلام مرات عديدة من قبل."),
    ("سليم من الشرق", "شكرا للجريدة على نقل الخبر بالتفاصيل، هذا ما ينقصنا في وسائل الإعلام."),
    ("نورة", "أين المسؤولون المحليون من كل هذا؟ الشباب ينتظرون منذ سنوات."),
    ("ابن الحي", "خطوة في الاتجاه الصحيح، لكن يجب التفكير في الصيانة بعد التدشين."),
    ("كريم", "بالتوفيق للجميع، وننتظر النتائج على أرض الواقع."),
    ("أم إسحاق", "الأسعار تلتهب كل يوم والراتب لا يتحرك، ربي يستر."),
    ("متابع وفي", "مقال جيد، لكن كان من الأفضل ذكر آراء السكان أكثر."),
    ("عبد الحق", "بارك الله فيكم، هكذا تكون الصحافة الجوارية."),
    ("زائر", "نطلب من الجهات المعنية الرد على انشغالات المواطنين بجدية."),
    ("حكيم. م", "هذه ليست المرة الأولى، والعبرة بالاستمرارية."),
    ("فاطمة الزهراء", "تحية لكل من ساهم في هذا العمل، ونتمنى التعميم على كل البلديات."),
)
FRENCH_COMMENTS: tuple[tuple[str, str], ...] = (
    ("Karim B.", "Enfin une bonne nouvelle pour la région, reste à voir la suite."),
    ("Lecteur fidèle", "Article clair et bien documenté, merci à la rédaction."),
    ("Samia", "On attend surtout que les promesses soient tenues cette fois-ci."),
    ("Un citoyen", "Et l'entretien, qui s'en occupera dans cinq ans ?"),
    ("Réda de Sidi Lakhdar", "Bravo à tous ceux qui ont travaillé sur ce dossier."),
    ("Nassima", "Il faudrait un suivi de ce sujet dans quelques mois."),
)
ARABIC_AGO = ("منذ ساعتين", "منذ 5 ساعات", "منذ يوم", "منذ 40 دقيقة")
FRENCH_AGO = ("il y a 2 heures", "il y a 5 heures", "il y a un jour", "il y a 40 minutes")


def _digest(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()


def reader_comments(article_id: str, language: str) -> tuple[ReaderComment, ...]:
    """The 2–3 reader comments under an article, or none for most articles."""
    digest = _digest("comments", article_id)
    if digest[0] % COMMENTED_ONE_IN:
        return ()
    pool = ARABIC_COMMENTS if language == "ar" else FRENCH_COMMENTS
    agos = ARABIC_AGO if language == "ar" else FRENCH_AGO
    count = MIN_COMMENTS + digest[1] % (MAX_COMMENTS - MIN_COMMENTS + 1)
    start = digest[2] % len(pool)
    return tuple(
        ReaderComment(
            name=pool[(start + k) % len(pool)][0],
            text=pool[(start + k) % len(pool)][1],
            ago=agos[(digest[3] + k) % len(agos)],
        )
        for k in range(count)
    )


def tags_for(title: str, language: str) -> tuple[str, ...]:
    """Up to three tag words taken from the title, longest first, as small CMSs suggest them."""
    minimum = MIN_TAG_LENGTH.get(language, MIN_TAG_LENGTH["ar"])
    words = [w for w in _WORD.findall(title) if len(w) >= minimum and w not in _STOP_WORDS]
    unique = list(dict.fromkeys(words))
    unique.sort(key=len, reverse=True)
    return tuple(unique[:MAX_TAGS])


def pick(items: Sequence[T], seed: str, count: int) -> list[T]:
    """`count` items of `items` in an order fixed by `seed`."""
    ranked = sorted(range(len(items)), key=lambda k: _digest(seed, str(k)))
    return [items[k] for k in ranked[:count]]
