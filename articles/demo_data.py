"""Demo articles, written for esimguide in Simplified Chinese and English.

Each tuple: slug, regions, features, carriers, days since publication, then per language
(title, summary, Markdown body). Plan facts in the live tables come from the demo catalogue.
"""

# Articles that show the image library's demo illustration (images/demo.py).
ILLUSTRATED = {"hong-kong-esim-hotspot"}

ARTICLES = [
    (
        "hong-kong-esim-hotspot",
        ["hong-kong"],
        ["hotspot"],
        ["csl", "smartone", "cmhk", "three-hk"],
        2,
        (
            "香港 eSIM 能开手机热点分享流量吗？",
            "大多数香港计划允许开热点，但不少计划给热点设了单独上限。下单前先看清这一项。",
            """## 简短回答

能，但要看具体计划。eSIM 和实体卡在技术上没有区别，热点能不能用、能用多少，完全取决于运营商写在条款里的规则。

## 常见的三种情况

- **不限热点**：热点流量和手机本机流量共用同一个额度，用完为止。
- **单独上限**：例如“热点最多 10GB”，超出后热点停用或降速，手机本机照常上网。
- **禁止分享**：部分超低价旅游卡只允许本机使用，开热点可能被断网。

## 出发前怎么确认

1. 在下方表格里找到你考虑的计划，看“热点分享”一栏和上限数值。
2. 点进计划页面，查看来源链接和核实日期。
3. 如果核实日期已经很久，购买前再向运营商确认一次。

> 小提示：笔记本电脑一连上热点就会后台下载更新，10GB 的上限可能比你想的用得更快。

例如 csl 的中港澳旅游卡 8GB，热点一栏目前是：[[fact csl-travel-china-8 hotspot]]（数据随我们的核实记录实时更新）。
""",
        ),
        (
            "Can a Hong Kong eSIM share data through a phone hotspot?",
            "Most Hong Kong plans allow a hotspot, but many cap it separately. Check this line before you buy.",
            """## The short answer

Yes, usually, but it depends on the plan. An eSIM behaves exactly like a physical SIM here: whether you may
tether, and how much, is set by the carrier's terms, not by the chip.

## Three patterns you will meet

- **Hotspot without its own limit**: tethered data simply comes out of the plan's allowance.
- **A separate cap**: for example "up to 10 GB via hotspot". Past it, tethering stops or slows while the phone
  itself keeps browsing.
- **No sharing at all**: some very cheap travel SIMs are for the phone only, and tethering may cut you off.

## How to check before you fly

1. Find your candidate plans in the table below and read the hotspot column and its cap.
2. Open the plan page for the source link and the date we last checked it.
3. If that date is old, confirm with the carrier before paying.

> Tip: a laptop on your hotspot will happily download system updates. A 10 GB cap goes faster than you think.

Take csl's China–HK–Macau travel 8 GB: its hotspot answer right now is [[fact csl-travel-china-8 hotspot]], read
live from our checked records.
""",
        ),
    ),
    (
        "us-esim-tethering-cap",
        ["united-states"],
        ["hotspot"],
        ["t-mobile-us", "att", "verizon"],
        5,
        (
            "美国 eSIM 的热点流量有上限吗？",
            "“无限流量”不等于“无限热点”。美国计划的热点额度通常单独计算。",
            """## 无限流量，有限热点

美国运营商常把“无限流量”和“热点流量”分开写。手机本机上网可能不限量，但热点只给一个固定的高速额度，
用完后速度会降到很难正常使用的水平。

## 读条款时留意

- 条款里的 *mobile hotspot*、*tethering* 都是指热点分享。
- 有的计划写“高速热点 5GB”，意思是前 5GB 全速，之后降速而不是断网。
- 旅客 eSIM 一般额度更低，适合偶尔给平板或电脑应急。

下方表格列出美国各计划目前记录的热点额度，数据直接来自我们的计划记录。
""",
        ),
        (
            "Is tethering capped on US eSIM plans?",
            '"Unlimited data" rarely means unlimited hotspot. US plans usually count tethering separately.',
            """## Unlimited data, limited hotspot

US carriers tend to list phone data and hotspot data as two different things. Browsing on the phone may be
unlimited while the hotspot gets a fixed high-speed allowance, after which it slows to a crawl.

## What to look for in the terms

- *Mobile hotspot* and *tethering* both mean sharing the phone's data with other devices.
- "5 GB high-speed hotspot" usually means full speed for 5 GB, then a slow lane rather than a cut-off.
- Tourist eSIMs tend to have smaller hotspot allowances, fine for the odd tablet or laptop emergency.

The table below shows the hotspot allowance we currently hold for each US plan, straight from our plan records.
""",
        ),
    ),
    (
        "hong-kong-esim-cross-border",
        ["hong-kong"],
        ["cross-border-data"],
        ["csl", "cmhk", "three-hk"],
        9,
        (
            "香港 eSIM 过关到内地或澳门还能用流量吗？",
            "一部分香港计划自带内地或澳门数据，另一部分只在香港有效。额度和速度差别很大。",
            """## 先分清两类计划

**本地计划**只在香港有效，过关后要么没有信号，要么按漫游收费。**中港澳或大湾区计划**则把内地和澳门的数据算在套餐里，
有的和本地共用额度，有的另给一小份额度。

## 过关前的检查清单

- 计划是否写明覆盖内地和澳门。
- 跨境额度是多少，用完后是停用还是降速。
- 手机设置里是否需要打开“数据漫游”，很多跨境计划需要打开才能上网。

表格中的“跨境数据”一栏列出每个计划的记录，数值是跨境可用的 GB 数。
""",
        ),
        (
            "Does a Hong Kong eSIM keep working across the border?",
            "Some Hong Kong plans include mainland China or Macau data, others stop at the border. Allowances vary a lot.",
            """## Two kinds of plan

**Local plans** work in Hong Kong only; across the border you either lose data or pay roaming rates.
**China–Hong Kong–Macau or Greater Bay Area plans** include mainland and Macau data, sometimes from the same
allowance and sometimes from a smaller separate one.

## Before you cross

- Does the plan say it covers the mainland and Macau?
- How much cross-border data is there, and does it stop or slow down when used up?
- Do you need to switch on *data roaming* on the phone? Many cross-border plans need it.

The cross-border column in the table shows what we hold for each plan; the number is the GB usable across the border.
""",
        ),
    ),
    (
        "can-family-share-one-esim",
        ["hong-kong", "united-states"],
        ["family-sharing", "hotspot"],
        ["smartone", "three-hk", "t-mobile-us"],
        14,
        (
            "一家人能共用一个 eSIM 计划的流量吗？",
            "有两种做法：正式的家庭共享计划，或者用热点临时分享。各有限制。",
            """## 正式的家庭共享

部分月费计划允许主号加开副卡（包括 eSIM 副卡），家人各自用自己的手机，流量从同一个池子里扣。
要注意副卡数量上限，以及副卡是否也能开热点。

## 临时用热点分享

如果只是旅途中几天，给家人开热点也行，但热点通常有上限，而且全家的设备都要离你的手机很近。

## 怎么选

- 长期同住、流量需求大：看“家庭共享”一栏为“是”的计划。
- 短途旅行：看热点上限是否够全家使用。
""",
        ),
        (
            "Can my family share one eSIM plan?",
            "There are two ways: a proper family-sharing plan, or a hotspot on the go. Both have limits.",
            """## Proper family sharing

Some monthly plans let the main line add extra lines (eSIM ones included). Everyone keeps their own phone and
data comes out of one shared pool. Watch the maximum number of lines, and whether the extra lines may tether.

## A hotspot on the go

For a few days of travel, a hotspot works too, but hotspots are usually capped and everyone has to stay close
to your phone.

## Which to pick

- Living together with heavy use: look for plans marked "yes" for family sharing.
- A short trip: check that the hotspot cap covers the whole family.
""",
        ),
    ),
    (
        "pakistan-esim-5g",
        ["pakistan"],
        ["5g", "hotspot"],
        ["jazz", "zong"],
        20,
        (
            "在巴基斯坦用 eSIM 能上 5G 吗？",
            "巴基斯坦的 5G 仍在试点阶段，大部分 eSIM 计划只有 4G。",
            """## 现状

巴基斯坦运营商已经开始提供 eSIM，但 5G 多数还处于试点，只在个别城市的部分区域开放。
因此表格里很多计划的“5G 网络”一栏是“否”或“有限”。

## 对旅客意味着什么

4G 在主要城市足够日常使用和视频通话。如果你的行程依赖高速上传，比如直播，出发前再查一次最新情况。
""",
        ),
        (
            "Can you get 5G on an eSIM in Pakistan?",
            "5G in Pakistan is still at the trial stage, and most eSIM plans are 4G only.",
            """## Where things stand

Pakistani operators now sell eSIMs, but 5G is mostly in trials, switched on in parts of a few cities. That is
why many plans in the table show "no" or "limited" for 5G access.

## What it means for travellers

4G in the main cities is fine for everyday use and video calls. If your trip depends on fast uploads, say for
live streaming, check again shortly before you leave.
""",
        ),
    ),
    (
        "choosing-a-japan-travel-esim",
        ["japan"],
        ["hotspot", "local-number"],
        ["docomo", "rakuten-mobile"],
        30,
        (
            "去日本旅行，eSIM 怎么选？",
            "短期访客看数据额度和热点；需要收验证码或订餐厅，再看是否附带本地号码。",
            """## 先想清楚用途

大多数访客计划只有数据，没有电话号码。只是看地图、用聊天软件，这就够了。
如果要接收日本网站的短信验证码或打电话订位，就需要带本地号码的计划。

## 热点

日本的访客计划大多允许开热点，适合同行的人一起用。但额度不大，多人使用时要留意。

## 小结

短途旅行选小额度数据计划；长住或需要号码时，再考虑月费计划。
""",
        ),
        (
            "Choosing a travel eSIM for Japan",
            "For a short visit, look at data and hotspot; if you need text codes or restaurant bookings, look for a local number.",
            """## Decide what you need it for

Most visitor plans are data only, with no phone number. For maps and messaging apps, that is enough. If you need
text-message codes from Japanese sites or want to phone a restaurant, pick a plan with a local number.

## Hotspot

Visitor plans in Japan mostly allow tethering, handy for travel companions, but the allowances are small when
several people share.

## In short

A small data plan for short trips; a monthly plan when you stay longer or need a number.
""",
        ),
    ),
]
