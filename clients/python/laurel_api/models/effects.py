from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.effects_badges_item import EffectsBadgesItem
  from ..models.effects_capped_type_0_item import EffectsCappedType0Item
  from ..models.effects_level_type_0 import EffectsLevelType0
  from ..models.effects_quests_item import EffectsQuestsItem
  from ..models.effects_referral_type_0 import EffectsReferralType0
  from ..models.effects_rule_errors_type_0_item import EffectsRuleErrorsType0Item
  from ..models.effects_rules_item import EffectsRulesItem
  from ..models.effects_streak_freezes_type_0 import EffectsStreakFreezesType0
  from ..models.effects_uncollected_type_0 import EffectsUncollectedType0





T = TypeVar("T", bound="Effects")



@_attrs_define
class Effects:
    """ 
        Attributes:
            badges (list[EffectsBadgesItem]):
            level (EffectsLevelType0 | None):
            points (int):
            quests (list[EffectsQuestsItem]):
            rules (list[EffectsRulesItem]):
            xp (int):
            accrual_stopped (None | str | Unset): Why nothing was awarded: the program is closing.
            budget_exhausted (bool | Unset): The program's budget cut this event's points. Default: False.
            capped (list[EffectsCappedType0Item] | None | Unset): What earning caps withheld: {cap: `rule:<key>` or
                `program`, per, points, xp}.
            debt_settled (int | None | Unset): Of the points earned, those that paid off debt.
            pending (int | None | Unset): Points that wait out the program's return window.
            points_withheld (int | None | Unset): Points the budget did not cover.
            referral (EffectsReferralType0 | None | Unset): The referral this event paid: `referee_points` (in `points`) and
                `referrer_points`.
            referral_points_withheld (int | None | Unset): Of the referrer's bonus this event paid, the points the budget
                did not cover.
            rule_errors (list[EffectsRuleErrorsType0Item] | None | Unset):
            streak_freezes (EffectsStreakFreezesType0 | None | Unset): Streak freezes this event `granted` and `used` (to
                keep a streak over missed days).
            uncollected (EffectsUncollectedType0 | None | Unset):
     """

    badges: list[EffectsBadgesItem]
    level: EffectsLevelType0 | None
    points: int
    quests: list[EffectsQuestsItem]
    rules: list[EffectsRulesItem]
    xp: int
    accrual_stopped: None | str | Unset = UNSET
    budget_exhausted: bool | Unset = False
    capped: list[EffectsCappedType0Item] | None | Unset = UNSET
    debt_settled: int | None | Unset = UNSET
    pending: int | None | Unset = UNSET
    points_withheld: int | None | Unset = UNSET
    referral: EffectsReferralType0 | None | Unset = UNSET
    referral_points_withheld: int | None | Unset = UNSET
    rule_errors: list[EffectsRuleErrorsType0Item] | None | Unset = UNSET
    streak_freezes: EffectsStreakFreezesType0 | None | Unset = UNSET
    uncollected: EffectsUncollectedType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.effects_badges_item import EffectsBadgesItem # noqa: PLC0415
        from ..models.effects_capped_type_0_item import EffectsCappedType0Item # noqa: PLC0415
        from ..models.effects_level_type_0 import EffectsLevelType0 # noqa: PLC0415
        from ..models.effects_quests_item import EffectsQuestsItem # noqa: PLC0415
        from ..models.effects_referral_type_0 import EffectsReferralType0 # noqa: PLC0415
        from ..models.effects_rule_errors_type_0_item import EffectsRuleErrorsType0Item # noqa: PLC0415
        from ..models.effects_rules_item import EffectsRulesItem # noqa: PLC0415
        from ..models.effects_streak_freezes_type_0 import EffectsStreakFreezesType0 # noqa: PLC0415
        from ..models.effects_uncollected_type_0 import EffectsUncollectedType0 # noqa: PLC0415
        badges = []
        for badges_item_data in self.badges:
            badges_item = badges_item_data.to_dict()
            badges.append(badges_item)



        level: dict[str, Any] | None
        if isinstance(self.level, EffectsLevelType0):
            level = self.level.to_dict()
        else:
            level = self.level

        points = self.points

        quests = []
        for quests_item_data in self.quests:
            quests_item = quests_item_data.to_dict()
            quests.append(quests_item)



        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)



        xp = self.xp

        accrual_stopped: None | str | Unset
        if isinstance(self.accrual_stopped, Unset):
            accrual_stopped = UNSET
        else:
            accrual_stopped = self.accrual_stopped

        budget_exhausted = self.budget_exhausted

        capped: list[dict[str, Any]] | None | Unset
        if isinstance(self.capped, Unset):
            capped = UNSET
        elif isinstance(self.capped, list):
            capped = []
            for capped_type_0_item_data in self.capped:
                capped_type_0_item = capped_type_0_item_data.to_dict()
                capped.append(capped_type_0_item)


        else:
            capped = self.capped

        debt_settled: int | None | Unset
        if isinstance(self.debt_settled, Unset):
            debt_settled = UNSET
        else:
            debt_settled = self.debt_settled

        pending: int | None | Unset
        if isinstance(self.pending, Unset):
            pending = UNSET
        else:
            pending = self.pending

        points_withheld: int | None | Unset
        if isinstance(self.points_withheld, Unset):
            points_withheld = UNSET
        else:
            points_withheld = self.points_withheld

        referral: dict[str, Any] | None | Unset
        if isinstance(self.referral, Unset):
            referral = UNSET
        elif isinstance(self.referral, EffectsReferralType0):
            referral = self.referral.to_dict()
        else:
            referral = self.referral

        referral_points_withheld: int | None | Unset
        if isinstance(self.referral_points_withheld, Unset):
            referral_points_withheld = UNSET
        else:
            referral_points_withheld = self.referral_points_withheld

        rule_errors: list[dict[str, Any]] | None | Unset
        if isinstance(self.rule_errors, Unset):
            rule_errors = UNSET
        elif isinstance(self.rule_errors, list):
            rule_errors = []
            for rule_errors_type_0_item_data in self.rule_errors:
                rule_errors_type_0_item = rule_errors_type_0_item_data.to_dict()
                rule_errors.append(rule_errors_type_0_item)


        else:
            rule_errors = self.rule_errors

        streak_freezes: dict[str, Any] | None | Unset
        if isinstance(self.streak_freezes, Unset):
            streak_freezes = UNSET
        elif isinstance(self.streak_freezes, EffectsStreakFreezesType0):
            streak_freezes = self.streak_freezes.to_dict()
        else:
            streak_freezes = self.streak_freezes

        uncollected: dict[str, Any] | None | Unset
        if isinstance(self.uncollected, Unset):
            uncollected = UNSET
        elif isinstance(self.uncollected, EffectsUncollectedType0):
            uncollected = self.uncollected.to_dict()
        else:
            uncollected = self.uncollected


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "badges": badges,
            "level": level,
            "points": points,
            "quests": quests,
            "rules": rules,
            "xp": xp,
        })
        if accrual_stopped is not UNSET:
            field_dict["accrual_stopped"] = accrual_stopped
        if budget_exhausted is not UNSET:
            field_dict["budget_exhausted"] = budget_exhausted
        if capped is not UNSET:
            field_dict["capped"] = capped
        if debt_settled is not UNSET:
            field_dict["debt_settled"] = debt_settled
        if pending is not UNSET:
            field_dict["pending"] = pending
        if points_withheld is not UNSET:
            field_dict["points_withheld"] = points_withheld
        if referral is not UNSET:
            field_dict["referral"] = referral
        if referral_points_withheld is not UNSET:
            field_dict["referral_points_withheld"] = referral_points_withheld
        if rule_errors is not UNSET:
            field_dict["rule_errors"] = rule_errors
        if streak_freezes is not UNSET:
            field_dict["streak_freezes"] = streak_freezes
        if uncollected is not UNSET:
            field_dict["uncollected"] = uncollected

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.effects_badges_item import EffectsBadgesItem # noqa: PLC0415
        from ..models.effects_capped_type_0_item import EffectsCappedType0Item # noqa: PLC0415
        from ..models.effects_level_type_0 import EffectsLevelType0 # noqa: PLC0415
        from ..models.effects_quests_item import EffectsQuestsItem # noqa: PLC0415
        from ..models.effects_referral_type_0 import EffectsReferralType0 # noqa: PLC0415
        from ..models.effects_rule_errors_type_0_item import EffectsRuleErrorsType0Item # noqa: PLC0415
        from ..models.effects_rules_item import EffectsRulesItem # noqa: PLC0415
        from ..models.effects_streak_freezes_type_0 import EffectsStreakFreezesType0 # noqa: PLC0415
        from ..models.effects_uncollected_type_0 import EffectsUncollectedType0 # noqa: PLC0415
        d = dict(src_dict)
        badges = []
        _badges = d.pop("badges")
        for badges_item_data in (_badges):
            badges_item = EffectsBadgesItem.from_dict(badges_item_data)



            badges.append(badges_item)


        def _parse_level(data: object) -> EffectsLevelType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                level_type_0 = EffectsLevelType0.from_dict(data)



                return level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EffectsLevelType0 | None, data)

        level = _parse_level(d.pop("level"))


        points = d.pop("points")

        quests = []
        _quests = d.pop("quests")
        for quests_item_data in (_quests):
            quests_item = EffectsQuestsItem.from_dict(quests_item_data)



            quests.append(quests_item)


        rules = []
        _rules = d.pop("rules")
        for rules_item_data in (_rules):
            rules_item = EffectsRulesItem.from_dict(rules_item_data)



            rules.append(rules_item)


        xp = d.pop("xp")

        def _parse_accrual_stopped(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        accrual_stopped = _parse_accrual_stopped(d.pop("accrual_stopped", UNSET))


        budget_exhausted = d.pop("budget_exhausted", UNSET)

        def _parse_capped(data: object) -> list[EffectsCappedType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                capped_type_0 = []
                _capped_type_0 = data
                for capped_type_0_item_data in (_capped_type_0):
                    capped_type_0_item = EffectsCappedType0Item.from_dict(capped_type_0_item_data)



                    capped_type_0.append(capped_type_0_item)

                return capped_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EffectsCappedType0Item] | None | Unset, data)

        capped = _parse_capped(d.pop("capped", UNSET))


        def _parse_debt_settled(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        debt_settled = _parse_debt_settled(d.pop("debt_settled", UNSET))


        def _parse_pending(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        pending = _parse_pending(d.pop("pending", UNSET))


        def _parse_points_withheld(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        points_withheld = _parse_points_withheld(d.pop("points_withheld", UNSET))


        def _parse_referral(data: object) -> EffectsReferralType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                referral_type_0 = EffectsReferralType0.from_dict(data)



                return referral_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EffectsReferralType0 | None | Unset, data)

        referral = _parse_referral(d.pop("referral", UNSET))


        def _parse_referral_points_withheld(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        referral_points_withheld = _parse_referral_points_withheld(d.pop("referral_points_withheld", UNSET))


        def _parse_rule_errors(data: object) -> list[EffectsRuleErrorsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rule_errors_type_0 = []
                _rule_errors_type_0 = data
                for rule_errors_type_0_item_data in (_rule_errors_type_0):
                    rule_errors_type_0_item = EffectsRuleErrorsType0Item.from_dict(rule_errors_type_0_item_data)



                    rule_errors_type_0.append(rule_errors_type_0_item)

                return rule_errors_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[EffectsRuleErrorsType0Item] | None | Unset, data)

        rule_errors = _parse_rule_errors(d.pop("rule_errors", UNSET))


        def _parse_streak_freezes(data: object) -> EffectsStreakFreezesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                streak_freezes_type_0 = EffectsStreakFreezesType0.from_dict(data)



                return streak_freezes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EffectsStreakFreezesType0 | None | Unset, data)

        streak_freezes = _parse_streak_freezes(d.pop("streak_freezes", UNSET))


        def _parse_uncollected(data: object) -> EffectsUncollectedType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                uncollected_type_0 = EffectsUncollectedType0.from_dict(data)



                return uncollected_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EffectsUncollectedType0 | None | Unset, data)

        uncollected = _parse_uncollected(d.pop("uncollected", UNSET))


        effects = cls(
            badges=badges,
            level=level,
            points=points,
            quests=quests,
            rules=rules,
            xp=xp,
            accrual_stopped=accrual_stopped,
            budget_exhausted=budget_exhausted,
            capped=capped,
            debt_settled=debt_settled,
            pending=pending,
            points_withheld=points_withheld,
            referral=referral,
            referral_points_withheld=referral_points_withheld,
            rule_errors=rule_errors,
            streak_freezes=streak_freezes,
            uncollected=uncollected,
        )


        effects.additional_properties = d
        return effects

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
