"""Demo catalogue: regions, carriers, features and plans, written for esimguide in both languages.

Every plan fact here is illustrative demo data, not verified with the carrier; each note says so.
"""

DEMO_NOTE = ("演示数据，未经运营商核实。", "Demo data, not verified with the carrier.")

REGIONS = [
    # slug, ISO code, zh-hans, en, order
    ("hong-kong", "HK", "香港", "Hong Kong", 10),
    ("united-states", "US", "美国", "United States", 20),
    ("pakistan", "PK", "巴基斯坦", "Pakistan", 30),
    ("japan", "JP", "日本", "Japan", 40),
]

CARRIERS = [
    # slug, region, zh-hans name, en name, zh-hans description, en description, website
    ("csl", "hong-kong", "CSL", "CSL", "香港历史最久的流动网络之一，提供本地及旅游数据计划。",
     "One of Hong Kong's longest-running mobile networks, with local and travel data plans.", "https://www.hkcsl.com/"),
    ("smartone", "hong-kong", "数码通", "SmarTone", "以网络质量见称的香港运营商，储值卡与月费计划并行。",
     "A Hong Kong operator known for network quality, selling both prepaid and monthly plans.",
     "https://www.smartone.com/"),
    ("cmhk", "hong-kong", "中国移动香港", "China Mobile Hong Kong", "主打香港与内地一卡多号、跨境数据的运营商。",
     "An operator focused on Hong Kong–mainland numbers and cross-border data.", "https://www.hk.chinamobile.com/"),
    ("three-hk", "hong-kong", "3香港", "3 Hong Kong", "提供大量旅游及本地储值卡，常见于机场与便利店。",
     "Sells many travel and local prepaid SIMs, often found at the airport and convenience stores.",
     "https://www.three.com.hk/"),
    ("t-mobile-us", "united-states", "T-Mobile 美国", "T-Mobile US", "全国性运营商，预付与后付计划都支持 eSIM。",
     "A nationwide carrier whose prepaid and postpaid plans both support eSIM.", "https://www.t-mobile.com/"),
    ("att", "united-states", "AT&T", "AT&T", "美国老牌运营商，热点流量通常按计划单独计算。",
     "A long-established US carrier that usually counts hotspot data separately per plan.", "https://www.att.com/"),
    ("verizon", "united-states", "Verizon", "Verizon", "覆盖面广的美国运营商，部分计划提供高速热点额度。",
     "A US carrier with wide coverage; some plans include a high-speed hotspot allowance.",
     "https://www.verizon.com/"),
    ("jazz", "pakistan", "Jazz", "Jazz", "巴基斯坦用户数最多的运营商之一，已在部分城市推出 eSIM。",
     "One of Pakistan's largest operators, offering eSIM in several cities.", "https://jazz.com.pk/"),
    ("zong", "pakistan", "Zong", "Zong", "巴基斯坦运营商，数据套餐以周包和月包为主。",
     "A Pakistani operator whose data offers are mostly weekly and monthly bundles.", "https://www.zong.com.pk/"),
    ("docomo", "japan", "NTT docomo", "NTT docomo", "日本最大的运营商，面向访客提供短期数据计划。",
     "Japan's largest operator, with short-term data plans for visitors.", "https://www.docomo.ne.jp/"),
    ("rakuten-mobile", "japan", "乐天移动", "Rakuten Mobile", "较新的日本运营商，计划结构简单，按用量分档。",
     "A newer Japanese operator with simple, usage-tiered pricing.", "https://network.mobile.rakuten.co.jp/"),
]

FEATURES = [
    # slug, zh-hans name, en name, zh-hans description, en description, unit zh-hans, unit en, order
    ("hotspot", "热点分享", "Hotspot / tethering", "能否把手机流量通过 Wi-Fi 热点、USB 或蓝牙分享给其他设备，以及上限多少。",
     "Whether the plan's data can be shared with other devices over Wi-Fi hotspot, USB or Bluetooth, and how much.",
     "GB", "GB", 10),
    ("cross-border-data", "跨境数据", "Cross-border data", "离开本地后（如香港用户到内地或澳门）能否继续用数据，以及额度。",
     "Whether data keeps working when you cross into a neighbouring region (e.g. Hong Kong to the mainland or Macau), and how much.",
     "GB", "GB", 20),
    ("family-sharing", "家庭共享", "Family sharing", "能否把一个计划的流量分给家人或多台设备使用。",
     "Whether one plan's data can be split with family members or several devices.", "台设备", "devices", 30),
    ("5g", "5G 网络", "5G access", "计划是否可以接入 5G 网络，是否需要额外付费。",
     "Whether the plan can use the 5G network, and whether it costs extra.", "", "", 40),
    ("wifi-calling", "Wi-Fi 通话", "Wi-Fi calling", "在没有信号的地方能否通过 Wi-Fi 拨打和接听电话。",
     "Whether you can make and take calls over Wi-Fi where there is no signal.", "", "", 50),
    ("local-number", "本地号码", "Local phone number", "计划是否附带可以打电话、收短信的本地号码。",
     "Whether the plan comes with a local number for calls and text messages.", "", "", 60),
]

# Short phrases per feature and support; the loader adds the value and the demo marker.
PHRASES = {
    ("hotspot", "yes"): ("可以开热点，未发现额外限制。", "Hotspot allowed, no extra limit found."),
    ("hotspot", "limited"): ("可以开热点，但有单独的流量上限。", "Hotspot allowed with its own data cap."),
    ("hotspot", "no"): ("条款禁止把流量分享给其他设备。", "The terms forbid sharing data with other devices."),
    ("cross-border-data", "yes"): ("跨境后可继续使用本计划流量。", "Data keeps working across the border."),
    ("cross-border-data", "limited"): ("跨境数据有单独额度，用完后降速。", "Cross-border data has its own allowance, then slows down."),
    ("cross-border-data", "no"): ("只能在本地使用。", "Works in the home region only."),
    ("family-sharing", "yes"): ("主号可把流量分给副卡或家人。", "The main line can share data with add-on lines or family."),
    ("family-sharing", "limited"): ("可加副卡，但数量和流量有限制。", "Add-on lines allowed, with limits on number and data."),
    ("family-sharing", "no"): ("流量只能在本机使用。", "Data is for this device only."),
    ("5g", "yes"): ("已包含 5G 接入。", "5G access included."),
    ("5g", "limited"): ("5G 需另购或仅限部分地区。", "5G costs extra or covers some areas only."),
    ("5g", "no"): ("仅支持 4G。", "4G only."),
    ("wifi-calling", "yes"): ("支持 Wi-Fi 通话。", "Wi-Fi calling supported."),
    ("wifi-calling", "limited"): ("仅部分手机型号支持 Wi-Fi 通话。", "Wi-Fi calling on some phone models only."),
    ("wifi-calling", "no"): ("不支持 Wi-Fi 通话。", "No Wi-Fi calling."),
    ("local-number", "yes"): ("附带本地号码，可通话和收短信。", "Comes with a local number for calls and texts."),
    ("local-number", "limited"): ("附带号码，但只能收短信或只能接听。", "Has a number, but only for receiving texts or calls."),
    ("local-number", "no"): ("纯数据，没有电话号码。", "Data only, no phone number."),
}

# Feature answers per plan: Y = yes, L = limited, N = no, ? = unknown; a number after ":" is the value.
# Order: hotspot, cross-border-data, family-sharing, 5g, wifi-calling, local-number.
PLANS = [
    # slug, carrier, zh-hans, en, type, GB (None = unlimited), days, price, currency, 5G, answers, days since check
    ("csl-local-5g-30", "csl", "本地 5G 月计划 30GB", "Local 5G 30 GB monthly", "postpaid", 30, 30, 168, "HKD", True,
     "L:10 L:2 L:3 Y Y Y", 20),
    ("csl-travel-china-8", "csl", "中港澳旅游卡 8GB", "China–HK–Macau travel 8 GB", "travel", 8, 8, 98, "HKD", False,
     "Y Y:8 N L N N", 45),
    ("csl-data-unlimited-7", "csl", "七日无限数据", "7-day unlimited data", "data-only", None, 7, 118, "HKD", True,
     "L:5 N N Y N N", 200),
    ("smartone-prepaid-25", "smartone", "储值卡 25GB", "Prepaid 25 GB", "prepaid", 25, 30, 98, "HKD", True,
     "Y N N Y Y Y", 12),
    ("smartone-family-100", "smartone", "家庭共享 100GB", "Family share 100 GB", "postpaid", 100, 30, 298, "HKD", True,
     "Y:20 L:5 Y:4 Y Y Y", 30),
    ("cmhk-greater-bay-20", "cmhk", "大湾区一卡两号 20GB", "Greater Bay Area two-number 20 GB", "prepaid", 20, 30, 128,
     "HKD", True, "Y Y:20 N Y Y Y", 8),
    ("cmhk-travel-5", "cmhk", "短途旅游 5GB", "Short trip 5 GB", "travel", 5, 5, 48, "HKD", False,
     "N Y:5 N N N N", 60),
    ("three-hk-tourist-10", "three-hk", "旅客储值卡 10GB", "Tourist prepaid 10 GB", "travel", 10, 10, 88, "HKD", True,
     "Y Y:2 N Y N L", 15),
    ("three-hk-local-50", "three-hk", "本地大流量 50GB", "Local big-data 50 GB", "prepaid", 50, 30, 138, "HKD", True,
     "L:15 N N Y Y Y", 90),
    ("three-hk-family-unlimited", "three-hk", "家庭无限计划", "Family unlimited", "postpaid", None, 30, 368, "HKD", True,
     "L:30 L:3 Y:3 Y Y Y", 250),
    ("t-mobile-prepaid-unlimited", "t-mobile-us", "预付无限", "Prepaid unlimited", "prepaid", None, 30, 50, "USD",
     True, "L:5 L:5 N Y Y Y", 25),
    ("t-mobile-tourist-30", "t-mobile-us", "旅客 eSIM 30 天", "Tourist eSIM 30 days", "travel", 25, 30, 30, "USD", True,
     "L:5 L:1 N Y Y Y", 40),
    ("t-mobile-family-4", "t-mobile-us", "家庭四线无限", "Family four lines unlimited", "postpaid", None, 30, 140,
     "USD", True, "L:50 L:5 Y:4 Y Y Y", 10),
    ("att-prepaid-16", "att", "预付 16GB", "Prepaid 16 GB", "prepaid", 16, 30, 40, "USD", True,
     "Y N N Y Y Y", 70),
    ("att-unlimited-premium", "att", "高级无限", "Unlimited premium", "postpaid", None, 30, 85, "USD", True,
     "L:60 Y N Y Y Y", 35),
    ("verizon-prepaid-15", "verizon", "预付 15GB", "Prepaid 15 GB", "prepaid", 15, 30, 35, "USD", False,
     "N N N L Y Y", 190),
    ("verizon-unlimited-plus", "verizon", "无限 Plus", "Unlimited Plus", "postpaid", None, 30, 90, "USD", True,
     "L:30 L:2 L:2 Y Y Y", 5),
    ("jazz-monthly-40", "jazz", "月包 40GB", "Monthly 40 GB", "prepaid", 40, 30, 1500, "PKR", False,
     "Y N N N N Y", 50),
    ("jazz-weekly-10", "jazz", "周包 10GB", "Weekly 10 GB", "prepaid", 10, 7, 450, "PKR", False,
     "Y N N N N Y", 50),
    ("zong-monthly-60", "zong", "月包 60GB", "Monthly 60 GB", "prepaid", 60, 30, 1800, "PKR", True,
     "Y L:1 N L Y Y", 100),
    ("zong-data-only-25", "zong", "纯数据 25GB", "Data-only 25 GB", "data-only", 25, 30, 900, "PKR", False,
     "? N N N N N", 300),
    ("docomo-visitor-15", "docomo", "访客 15 日 15GB", "Visitor 15 days 15 GB", "travel", 15, 15, 3300, "JPY", True,
     "Y N N Y N N", 20),
    ("docomo-visitor-3", "docomo", "访客 7 日 3GB", "Visitor 7 days 3 GB", "travel", 3, 7, 1500, "JPY", False,
     "Y N N N N N", 20),
    ("rakuten-unlimited", "rakuten-mobile", "乐天无限档", "Rakuten unlimited tier", "postpaid", None, 30, 3278, "JPY",
     True, "Y L:2 N Y Y Y", 65),
    ("rakuten-light-3", "rakuten-mobile", "乐天轻量 3GB", "Rakuten light 3 GB", "postpaid", 3, 30, 1078, "JPY", True,
     "Y L:2 N Y Y Y", 65),
]

SUPPORT_CODES = {"Y": "yes", "L": "limited", "N": "no", "?": "unknown"}
