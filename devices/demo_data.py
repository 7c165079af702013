"""Demo devices: each answer from a public source, seen on the date given. Sources disagree often enough (the issue
names this) that where we found none we could trust, the answer is "unknown", never a guess.

Each row: slug, brand, model, model numbers, year, then (sold in, SIM setup, source, zh-hans note, en note).
"""

from datetime import date

SEEN = date(2026, 12, 1)
SCMP_2018 = "https://www.scmp.com/abacus/tech/article/3028812/apple-introduces-iphones-dual-sim-trays-only-china"
HK_GUIDE = "https://cybersecuritycampaign.com.hk/esim/esim-setup-iphone"
AIR_CHINA = "https://blog.aitoearn.ai/the-most-comprehensive-esim-activation-guide-for-mainland-china-iphone-air-users"
AIR_LAUNCH = "https://tech.eznews.xyz/world-news/iphone-air-orders-in-china-may-be-delayed-due-to-esim-issue"

DEVICES = [
    (
        "apple-iphone-xr",
        "Apple",
        "iPhone XR",
        "",
        2018,
        [
            (
                "mainland-china",
                "dual-nano",
                SCMP_2018,
                "大陆版用双实体卡托，没有 eSIM。",
                "The Mainland China version has a tray for two nano-SIMs and no eSIM.",
            ),
            (
                "hong-kong",
                "nano-esim",
                HK_GUIDE,
                "香港版：一张实体卡加 eSIM。",
                "Hong Kong version: one nano-SIM plus an eSIM.",
            ),
            ("united-states", "nano-esim", SCMP_2018, "一张实体卡加 eSIM。", "One nano-SIM plus an eSIM."),
        ],
    ),
    (
        "apple-iphone-15",
        "Apple",
        "iPhone 15",
        "",
        2023,
        [
            (
                "hong-kong",
                "nano-esim",
                HK_GUIDE,
                "香港版保留实体卡槽，同时支持 eSIM。",
                "The Hong Kong version keeps its SIM tray and takes an eSIM too.",
            ),
            (
                "united-states",
                "esim-only",
                HK_GUIDE,
                "美国版（iPhone 14 起）只有 eSIM，没有卡槽。",
                "US versions (from iPhone 14) have no SIM tray: eSIM only.",
            ),
            (
                "mainland-china",
                "unknown",
                "",
                "我们找到的资料互相矛盾；请在“设置 > 通用 > 关于本机”查看是否有 EID。",
                "The sources we found disagree; look for an EID in Settings > General > About.",
            ),
        ],
    ),
    (
        "apple-iphone-air",
        "Apple",
        "iPhone Air",
        "",
        2025,
        [
            (
                "mainland-china",
                "esim-only",
                AIR_CHINA,
                "大陆第一款正式销售的纯 eSIM 手机；需本人到营业厅办理。",
                "The first eSIM-only phone sold in Mainland China; the carrier sets it up in person at a shop.",
            ),
            ("united-states", "esim-only", AIR_LAUNCH, "没有实体卡槽。", "No SIM tray at all."),
        ],
    ),
]
