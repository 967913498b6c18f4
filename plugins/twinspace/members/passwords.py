"""Readable passwords and usernames for pupil accounts.

Pupils (some of them 6 years old) type what their teacher hands them on paper: three
short everyday words and two digits, easy to read aloud and hard to guess
(about 3 x 7.9 bits + 6.5 bits; django-axes locks out guessing).
"""

from __future__ import annotations

import re
import secrets
import unicodedata

# A block of words reads better than a 236-item list.
WORDS = (  # noqa: SIM905
    "acorn amber apple arrow badge bagel baker banjo beach berry bison blaze bloom "
    "brave bread brick brook cabin cable camel candy canoe cargo cedar chalk charm "
    "cheer chess chick chili cider civic cloud clover coast cobra cocoa comet coral "
    "crane crisp crown cubic daisy dance delta denim depot dingo disco dough dozen "
    "dream eagle earth easel ember fable fairy feast fern ferry fiber field flame "
    "flock flute focus forest fox frost fruit gecko giant ginger glide globe grape "
    "grass gravy guava habit hazel heron honey horse hotel igloo image inlet iris "
    "ivory jelly jewel jolly juice kayak kettle kiwi koala label ladder lake lemon "
    "level lilac lily linen llama lotus lucky lunar lunch magic mango maple march "
    "melon metal meteor mint mocha moose motor mouse music noble north novel oasis "
    "ocean olive omega onion opera orbit otter owl paddle panda paper patio peach "
    "pearl pecan pedal penny piano pilot pixel pizza plaza plum polar pony poppy "
    "prism pulse quail quest quiet quilt radar radio raven relay rhino river robin "
    "rocket royal ruby rumba sable salad salsa sandy satin scarf scout shell shore "
    "silk sky slate smile snack solar sonic spark spice spoon squid stamp star "
    "stone storm sugar sunny swift table tango teddy tiger toast topaz torch tulip "
    "tuna ultra union urban valley vapor velvet venus video vinyl viola violet "
    "wafer wagon walnut water whale wheat willow windy wolf yacht yarn yeti yogurt "
    "zebra zesty zinc"
).split()

USERNAME_MAX_BASE = 20
FALLBACK_USERNAME = "pupil"


def generate_password() -> str:
    """Three words and two digits, e.g. ``maple-otter-quilt-47``."""
    words = [secrets.choice(WORDS) for _ in range(3)]
    return "-".join([*words, f"{secrets.randbelow(90) + 10}"])


def username_base(first_name: str) -> str:
    """The first name in lowercase ASCII letters (``Zoë`` → ``zoe``), or ``pupil``."""
    decomposed = unicodedata.normalize("NFKD", first_name)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    letters = re.sub(r"[^a-z]", "", ascii_only)[:USERNAME_MAX_BASE]
    return letters or FALLBACK_USERNAME


def generate_username(first_name: str) -> str:
    """A candidate username: the first name and four random digits (``zoe4821``)."""
    return f"{username_base(first_name)}{secrets.randbelow(9000) + 1000}"
