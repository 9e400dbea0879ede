"""The plan, the sheet and the screen list the same services, in the same order and with the
same numbers, for every region: recorded from the directory as it was before the Belgian
national services (police 101, 112) moved to one shared file, referrals/national/be.yaml.

If a number or a service really changes, change the data and this record together, in one
commit that says why. The combinations are those the other referral tests use: every level
alone and with each alert, and the multi-alert cases of tests/test_referrals.py."""
from __future__ import annotations

import pytest

from assessment import referrals as r
from assessment.paper import services_in_order

from .test_referrals import result, scored

#: The region selector's order (Belgium first).
REGIONS = 'be-dg be-vl be-wal fr qc tn'
#: The region's services in directory order (what the plan picks from), "id phone" (- none).
DIRECTORY = {
    'be-dg': 'police 101, emergency_112 112, prisma -, ecoute_violences_conjugales 0800 30 030, suicide_prevention 0800 32 123, cpvs_liege 04 284 35 11',
    'be-vl': 'police 101, emergency_112 112, line_1712 1712, suicide_1813 1813, caw -, vertrouwenscentrum_kindermishandeling -, family_justice_centres -, zsg_brussel 02 535 45 42, zsg_gent 09 332 80 80, zsg_antwerpen -, zsg_leuven -, zsg_roeselare -, zsg_genk -',
    'be-wal': 'police 101, emergency_112 112, ecoute_violences_conjugales 0800 30 030, suicide_prevention 0800 32 123, tele_accueil 107, cpvs_bruxelles 02 535 45 42, cpvs_liege 04 284 35 11, cpvs_charleroi 071 92 41 00, cpvs_namur -, cpvs_arlon -, solidarite_femmes -, cvfe -',
    'fr': 'police 17, emergency_112 112, sms_114 114, line_3919 3919, suicide_3114 3114, child_119 119, arretons_les_violences -',
    'qc': 'emergency_911 911, sos_violence_conjugale 1-800-363-9010, suicide_988 988',
    'tn': 'police 197, samu 190, green_line_1899 1899, line_1809 1809',
}
#: The paper form's "who to call" order (assessment.paper.services_in_order).
PAPER = {
    'be-dg': 'police emergency_112 ecoute_violences_conjugales prisma suicide_prevention cpvs_liege',
    'be-vl': 'police emergency_112 line_1712 suicide_1813 caw vertrouwenscentrum_kindermishandeling family_justice_centres zsg_brussel zsg_gent zsg_antwerpen zsg_leuven zsg_roeselare zsg_genk',
    'be-wal': 'police emergency_112 ecoute_violences_conjugales suicide_prevention tele_accueil cpvs_bruxelles cpvs_liege cpvs_charleroi cpvs_namur cpvs_arlon solidarite_femmes cvfe',
    'fr': 'police emergency_112 sms_114 line_3919 suicide_3114 child_119 arretons_les_violences',
    'qc': 'emergency_911 sos_violence_conjugale suicide_988',
    'tn': 'police samu green_line_1899 line_1809',
}
#: The plan's services (ids in order; shown on screen and on the sheet) -> the combinations
#: (level+alert+...) that give them, consent given (consent does not change the services).
PLAN_SERVICES = {
    'be-dg': {
        'police emergency_112 ecoute_violences_conjugales prisma':
            'severe high moderate low severe+weapons severe+children high+weapons high+children moderate+weapons moderate+children low+weapons low+children',
        'police emergency_112 ecoute_violences_conjugales suicide_prevention prisma':
            'severe+suicide high+suicide moderate+suicide low+suicide severe+children+suicide',
        'police emergency_112 ecoute_violences_conjugales cpvs_liege prisma':
            'severe+medical severe+sexual_violence high+medical high+sexual_violence moderate+medical moderate+sexual_violence low+medical low+sexual_violence',
        'police emergency_112 ecoute_violences_conjugales suicide_prevention cpvs_liege prisma':
            'moderate+suicide+medical+sexual_violence+weapons+children high+suicide+sexual_violence+weapons+children+medical',
    },
    'be-vl': {
        'police emergency_112 line_1712 family_justice_centres':
            'severe high moderate low severe+weapons high+weapons moderate+weapons low+weapons',
        'police emergency_112 line_1712 suicide_1813 family_justice_centres':
            'severe+suicide high+suicide moderate+suicide low+suicide',
        'police emergency_112 line_1712 zsg_brussel zsg_gent zsg_antwerpen zsg_leuven zsg_roeselare zsg_genk family_justice_centres':
            'severe+medical severe+sexual_violence high+medical high+sexual_violence moderate+medical moderate+sexual_violence low+medical low+sexual_violence',
        'police emergency_112 line_1712 vertrouwenscentrum_kindermishandeling family_justice_centres':
            'severe+children high+children moderate+children low+children',
        'police emergency_112 line_1712 suicide_1813 vertrouwenscentrum_kindermishandeling family_justice_centres':
            'severe+children+suicide',
        'police emergency_112 line_1712 suicide_1813 zsg_brussel zsg_gent zsg_antwerpen zsg_leuven zsg_roeselare zsg_genk vertrouwenscentrum_kindermishandeling family_justice_centres':
            'moderate+suicide+medical+sexual_violence+weapons+children high+suicide+sexual_violence+weapons+children+medical',
    },
    'be-wal': {
        'police emergency_112 ecoute_violences_conjugales solidarite_femmes cvfe':
            'severe high severe+weapons severe+children high+weapons high+children',
        'police emergency_112 ecoute_violences_conjugales solidarite_femmes cvfe tele_accueil':
            'moderate low moderate+weapons moderate+children low+weapons low+children',
        'police emergency_112 ecoute_violences_conjugales suicide_prevention tele_accueil solidarite_femmes cvfe':
            'severe+suicide high+suicide moderate+suicide low+suicide severe+children+suicide',
        'police emergency_112 ecoute_violences_conjugales cpvs_bruxelles cpvs_liege cpvs_charleroi cpvs_namur cpvs_arlon solidarite_femmes cvfe':
            'severe+medical severe+sexual_violence high+medical high+sexual_violence',
        'police emergency_112 ecoute_violences_conjugales cpvs_bruxelles cpvs_liege cpvs_charleroi cpvs_namur cpvs_arlon solidarite_femmes cvfe tele_accueil':
            'moderate+medical moderate+sexual_violence low+medical low+sexual_violence',
        'police emergency_112 ecoute_violences_conjugales suicide_prevention tele_accueil cpvs_bruxelles cpvs_liege cpvs_charleroi cpvs_namur cpvs_arlon solidarite_femmes cvfe':
            'moderate+suicide+medical+sexual_violence+weapons+children high+suicide+sexual_violence+weapons+children+medical',
    },
    'fr': {
        'police emergency_112 sms_114 line_3919 arretons_les_violences':
            'severe high moderate low severe+medical severe+sexual_violence severe+weapons high+medical high+sexual_violence high+weapons moderate+medical moderate+sexual_violence moderate+weapons low+medical low+sexual_violence low+weapons',
        'police emergency_112 sms_114 line_3919 arretons_les_violences suicide_3114':
            'severe+suicide high+suicide moderate+suicide low+suicide',
        'police emergency_112 sms_114 line_3919 arretons_les_violences child_119':
            'severe+children high+children moderate+children low+children',
        'police emergency_112 sms_114 line_3919 arretons_les_violences suicide_3114 child_119':
            'severe+children+suicide moderate+suicide+medical+sexual_violence+weapons+children high+suicide+sexual_violence+weapons+children+medical',
    },
    'qc': {
        'emergency_911 sos_violence_conjugale':
            'severe high moderate low severe+medical severe+sexual_violence severe+weapons severe+children high+medical high+sexual_violence high+weapons high+children moderate+medical moderate+sexual_violence moderate+weapons moderate+children low+medical low+sexual_violence low+weapons low+children',
        'emergency_911 sos_violence_conjugale suicide_988':
            'severe+suicide high+suicide moderate+suicide low+suicide severe+children+suicide moderate+suicide+medical+sexual_violence+weapons+children high+suicide+sexual_violence+weapons+children+medical',
    },
    'tn': {
        'police samu green_line_1899':
            'severe high severe+medical severe+sexual_violence severe+weapons severe+children high+medical high+sexual_violence high+weapons high+children',
        'police samu green_line_1899 line_1809':
            'moderate low severe+suicide high+suicide moderate+suicide moderate+medical moderate+sexual_violence moderate+weapons moderate+children low+suicide low+medical low+sexual_violence low+weapons low+children severe+children+suicide moderate+suicide+medical+sexual_violence+weapons+children high+suicide+sexual_violence+weapons+children+medical',
    },
}
#: Each action's numbers ({phones}) in the region.
ACTION_PHONES = {
    'be-dg': 'emergency_now 101 / 112, call_line_together_now 0800 30 030, specialised_service_today 0800 30 030, tell_emergency_number 101 / 112, appointment_within_days 0800 30 030, give_information 0800 30 030, suicide_line_first 0800 32 123 / 112, partner_suicide_threat 0800 30 030, sexual_violence_72h 0800 30 030, tell_police_weapon 101, child_protection 0800 30 030',
    'be-vl': 'emergency_now 101 / 112, call_line_together_now 1712, specialised_service_today 1712, tell_emergency_number 101 / 112, appointment_within_days 1712, give_information 1712, suicide_line_first 1813 / 112, partner_suicide_threat 1712, sexual_violence_72h 1712, tell_police_weapon 101, child_protection 1712',
    'be-wal': 'emergency_now 101 / 112, call_line_together_now 0800 30 030, specialised_service_today 0800 30 030, tell_emergency_number 101 / 112, appointment_within_days 0800 30 030, give_information 0800 30 030, suicide_line_first 0800 32 123 / 112, partner_suicide_threat 0800 30 030, sexual_violence_72h 0800 30 030, tell_police_weapon 101, child_protection 0800 30 030',
    'fr': 'emergency_now 17 / 112 / 114 (SMS), call_line_together_now 3919, specialised_service_today 3919, tell_emergency_number 17 / 112 / 114 (SMS), appointment_within_days 3919, give_information 3919, suicide_line_first 3114 / 112 / 114 (SMS), partner_suicide_threat 3919, sexual_violence_72h 3919, tell_police_weapon 17, child_protection 119',
    'qc': 'emergency_now 911, call_line_together_now 1-800-363-9010, specialised_service_today 1-800-363-9010, tell_emergency_number 911, appointment_within_days 1-800-363-9010, give_information 1-800-363-9010, suicide_line_first 988 / 911, partner_suicide_threat 1-800-363-9010, sexual_violence_72h 1-800-363-9010, tell_police_weapon 911, child_protection 1-800-363-9010',
    'tn': 'emergency_now 197 / 190, call_line_together_now 1899, specialised_service_today 1899, tell_emergency_number 197 / 190, appointment_within_days 1899, give_information 1899, suicide_line_first 1809 / 190, partner_suicide_threat 1899, sexual_violence_72h 1899, tell_police_weapon 197, child_protection 1899',
}


def _phones(region: str) -> dict[str, str | None]:
    """id -> phone as dialled (None: the service has no number)."""
    out: dict[str, str | None] = {}
    for entry in DIRECTORY[region].split(", "):
        sid, _, phone = entry.partition(" ")
        out[sid] = None if phone == "-" else phone
    return out


def _combination(name: str) -> tuple[str, list[str]]:
    level, *alerts = name.split("+")
    return level, alerts


def test_regions__same_list_same_order():
    assert " ".join(x.id for x in r.regions()) == REGIONS


@pytest.mark.parametrize("region", REGIONS.split())
def test_directory__same_services_same_order_same_numbers(region):
    reg = r.get_region(region)
    assert list(_phones(region).items()) == [(s.id, s.phone) for s in reg.services]
    assert " ".join(s.id for s in services_in_order(reg)) == PAPER[region]  # the paper form


@pytest.mark.parametrize("region", REGIONS.split())
def test_plan__same_services_for_every_level_and_alert(region):
    phones = _phones(region)
    for services, combinations in PLAN_SERVICES[region].items():
        expected = [(sid, phones[sid]) for sid in services.split()]
        for name in combinations.split():
            plan = r.plan_for(result(*_combination(name)), region, "given")
            assert [(s.id, s.phone) for s in plan.services] == expected, name


@pytest.mark.parametrize("region", REGIONS.split())
def test_plan__every_action_names_the_same_numbers(region):
    found: dict[str, str] = {}
    plans = [r.plan_for(result(*_combination(name)), region, "given")
             for combinations in PLAN_SERVICES[region].values() for name in combinations.split()]
    plans.append(r.plan_for(scored(perpetrator_suicidal="yes"), region, "given"))
    for plan in plans:
        for action in plan.actions:
            if action.phones:
                found.setdefault(action.id, " / ".join(action.phones))
    expected = dict(entry.split(" ", 1) for entry in ACTION_PHONES[region].split(", "))
    assert found == expected
