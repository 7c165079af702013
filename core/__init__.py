"""The bottom layer: small web helpers every app may use, importing nothing of ours (.importlinter).

Above it, in order: ``editorial`` (shared model bases, roles, history, admin building blocks), then the catalogue
(``carriers``) and the image library (``images``), then ``articles``, then the reader-facing apps that combine
them (``search``, ``feeds``, ``reports``, ``operations``), and on top the project package ``esimguide`` (settings,
URLs, page cache, the admin site with its queues). Imports point downwards only; ``make lint`` and CI check it.
"""
