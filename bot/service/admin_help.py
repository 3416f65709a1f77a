"""The managers' help text (`admin help`), in one place for the parser and the tests."""

from bot.service.language import ENGLISH, Texts, texts


def admin_help(says: Texts) -> str:
    """`admin help` in the manager's language; the French text lists the French words."""
    return says.gettext("""Community manager commands (`admin ...`):
• `admin programs`: every program and its state
• `admin show NAME`: a program's settings and its next round
• `admin create NAME [setting=value ...]` / `admin edit NAME setting=value ...`
• `admin form [NAME]`: the same settings as a form
• `admin pause NAME` / `admin resume NAME` / `admin delete NAME`
• `admin preview [NAME]`: what the next round would look like, without sending anything
• `admin run [NAME]`: plan a round now (the nudges go out within a minute)
• `admin stats [NAME] [rounds=4]`: participation, acceptance, meetings, groups crossing communities
• `admin outcomes [NAME] [rounds=4]`: did the groups that met keep talking? against those that \
did not, and random groups
• `admin health`: the network this week: ties across communities, teams and offices, isolation,
and where a program could help; `admin draft N` makes its Nth idea a paused draft program
• `admin dashboard`: a sign-in link to the web dashboard (charts of the same figures), for you \
only, working once for 10 minutes
• `admin managers` / `admin grant @someone` / `admin revoke @someone`
• `admin guests`: whether people of other organisations are included; `admin guests include` / \
`admin guests exclude`
• `admin team field Department`: Slack: people's teams from that custom profile field; `admin \
team field off` stops it, `admin team field` says how far it got
• `admin language fr` / `admin language en` / `admin language none`: the language of everyone \
who chose none and whose chat platform says nothing we speak
• `admin calendar`: whether Microsoft 365 is connected for the whole organisation; `admin \
calendar connect` gives the link for an administrator's consent (then people who connected no \
calendar of their own are read, free/busy only, unless they say `calendar disconnect`); `admin \
calendar disconnect` withdraws it
• `admin deliveries`: messages cut off mid-way (Teams keeps no copy to check); after asking \
the person, `admin delivered ID` (they have it) or `admin resend ID` (it goes again, to them only)
Settings: `cadence="every other week mon 10:00"` (or weekly, monthly, a cron line, `none`), \
`tz=Europe/Lisbon`, `size=2..4`, `mode=in-person|hybrid`, `overlap=60` (hybrid: minutes of \
working hours every pair shares, 0..480; 0: no rule), `cross=teams|communities|off|auto` \
(what pairs cross: known teams, never two of one team; circles seen in who talks with whom; \
nothing; auto: teams when most people have one), `offices=Lisbon,Berlin`, \
`venues="Lisbon: Kitchen, Café Lumen; Berlin: Roof"`, `cooldown=12` (weeks), \
`enrolment=opt-in|opt-out`, `scope=#coffee,#random` (or `everyone`), weights \
`dormant=1 friends=1 bridges=1 acquaintances=1 fill=0.2`, `tone=warm|brief|playful`, \
`guests=yes|no` (pair people of other organisations, where `admin guests include` keeps them).""")


ADMIN_HELP = admin_help(texts(ENGLISH))
