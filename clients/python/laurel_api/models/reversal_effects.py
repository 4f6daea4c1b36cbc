from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.reversal_effects_badges_revoked_type_0_item import ReversalEffectsBadgesRevokedType0Item
  from ..models.reversal_effects_quests_type_0_item import ReversalEffectsQuestsType0Item
  from ..models.reversal_effects_referral_type_0 import ReversalEffectsReferralType0
  from ..models.reversal_effects_rules_item import ReversalEffectsRulesItem
  from ..models.reversal_effects_rules_reversed import ReversalEffectsRulesReversed
  from ..models.reversal_effects_streak_days_removed_type_0_item import ReversalEffectsStreakDaysRemovedType0Item





T = TypeVar("T", bound="ReversalEffects")



@_attrs_define
class ReversalEffects:
    """ 
        Attributes:
            event (str):
            full (bool): The whole event was returned: its counts on badges, quests and boards too.
            points (int): The member's points changed by the return (negative: taken back).
            rules (list[ReversalEffectsRulesItem]): Per rule, the points and xp reversed by this return.
            rules_reversed (ReversalEffectsRulesReversed):
            xp (int):
            badges_revoked (list[ReversalEffectsBadgesRevokedType0Item] | None | Unset):
            debt (int | None | Unset): Points already spent: the member's debt, paid off from later earnings.
            pending (int | None | Unset): Of the points taken back, those taken from the return window.
            quests (list[ReversalEffectsQuestsType0Item] | None | Unset):
            referral (None | ReversalEffectsReferralType0 | Unset): The referral the returned event paid, taken back:
                `referee_points`, `referrer_points`.
            referrer_debt (int | None | Unset): Of the referrer's reward taken back, the part already spent.
            streak_days_removed (list[ReversalEffectsStreakDaysRemovedType0Item] | None | Unset): Streak days taken off
                (`badge`, `day`): no other kept event of the member falls on them.
     """

    event: str
    full: bool
    points: int
    rules: list[ReversalEffectsRulesItem]
    rules_reversed: ReversalEffectsRulesReversed
    xp: int
    badges_revoked: list[ReversalEffectsBadgesRevokedType0Item] | None | Unset = UNSET
    debt: int | None | Unset = UNSET
    pending: int | None | Unset = UNSET
    quests: list[ReversalEffectsQuestsType0Item] | None | Unset = UNSET
    referral: None | ReversalEffectsReferralType0 | Unset = UNSET
    referrer_debt: int | None | Unset = UNSET
    streak_days_removed: list[ReversalEffectsStreakDaysRemovedType0Item] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.reversal_effects_badges_revoked_type_0_item import ReversalEffectsBadgesRevokedType0Item # noqa: PLC0415
        from ..models.reversal_effects_quests_type_0_item import ReversalEffectsQuestsType0Item # noqa: PLC0415
        from ..models.reversal_effects_referral_type_0 import ReversalEffectsReferralType0 # noqa: PLC0415
        from ..models.reversal_effects_rules_item import ReversalEffectsRulesItem # noqa: PLC0415
        from ..models.reversal_effects_rules_reversed import ReversalEffectsRulesReversed # noqa: PLC0415
        from ..models.reversal_effects_streak_days_removed_type_0_item import ReversalEffectsStreakDaysRemovedType0Item # noqa: PLC0415
        event = self.event

        full = self.full

        points = self.points

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)



        rules_reversed = self.rules_reversed.to_dict()

        xp = self.xp

        badges_revoked: list[dict[str, Any]] | None | Unset
        if isinstance(self.badges_revoked, Unset):
            badges_revoked = UNSET
        elif isinstance(self.badges_revoked, list):
            badges_revoked = []
            for badges_revoked_type_0_item_data in self.badges_revoked:
                badges_revoked_type_0_item = badges_revoked_type_0_item_data.to_dict()
                badges_revoked.append(badges_revoked_type_0_item)


        else:
            badges_revoked = self.badges_revoked

        debt: int | None | Unset
        if isinstance(self.debt, Unset):
            debt = UNSET
        else:
            debt = self.debt

        pending: int | None | Unset
        if isinstance(self.pending, Unset):
            pending = UNSET
        else:
            pending = self.pending

        quests: list[dict[str, Any]] | None | Unset
        if isinstance(self.quests, Unset):
            quests = UNSET
        elif isinstance(self.quests, list):
            quests = []
            for quests_type_0_item_data in self.quests:
                quests_type_0_item = quests_type_0_item_data.to_dict()
                quests.append(quests_type_0_item)


        else:
            quests = self.quests

        referral: dict[str, Any] | None | Unset
        if isinstance(self.referral, Unset):
            referral = UNSET
        elif isinstance(self.referral, ReversalEffectsReferralType0):
            referral = self.referral.to_dict()
        else:
            referral = self.referral

        referrer_debt: int | None | Unset
        if isinstance(self.referrer_debt, Unset):
            referrer_debt = UNSET
        else:
            referrer_debt = self.referrer_debt

        streak_days_removed: list[dict[str, Any]] | None | Unset
        if isinstance(self.streak_days_removed, Unset):
            streak_days_removed = UNSET
        elif isinstance(self.streak_days_removed, list):
            streak_days_removed = []
            for streak_days_removed_type_0_item_data in self.streak_days_removed:
                streak_days_removed_type_0_item = streak_days_removed_type_0_item_data.to_dict()
                streak_days_removed.append(streak_days_removed_type_0_item)


        else:
            streak_days_removed = self.streak_days_removed


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "event": event,
            "full": full,
            "points": points,
            "rules": rules,
            "rules_reversed": rules_reversed,
            "xp": xp,
        })
        if badges_revoked is not UNSET:
            field_dict["badges_revoked"] = badges_revoked
        if debt is not UNSET:
            field_dict["debt"] = debt
        if pending is not UNSET:
            field_dict["pending"] = pending
        if quests is not UNSET:
            field_dict["quests"] = quests
        if referral is not UNSET:
            field_dict["referral"] = referral
        if referrer_debt is not UNSET:
            field_dict["referrer_debt"] = referrer_debt
        if streak_days_removed is not UNSET:
            field_dict["streak_days_removed"] = streak_days_removed

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.reversal_effects_badges_revoked_type_0_item import ReversalEffectsBadgesRevokedType0Item # noqa: PLC0415
        from ..models.reversal_effects_quests_type_0_item import ReversalEffectsQuestsType0Item # noqa: PLC0415
        from ..models.reversal_effects_referral_type_0 import ReversalEffectsReferralType0 # noqa: PLC0415
        from ..models.reversal_effects_rules_item import ReversalEffectsRulesItem # noqa: PLC0415
        from ..models.reversal_effects_rules_reversed import ReversalEffectsRulesReversed # noqa: PLC0415
        from ..models.reversal_effects_streak_days_removed_type_0_item import ReversalEffectsStreakDaysRemovedType0Item # noqa: PLC0415
        d = dict(src_dict)
        event = d.pop("event")

        full = d.pop("full")

        points = d.pop("points")

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in (_rules):
            rules_item = ReversalEffectsRulesItem.from_dict(rules_item_data)



            rules.append(rules_item)


        rules_reversed = ReversalEffectsRulesReversed.from_dict(d.pop("rules_reversed"))




        xp = d.pop("xp")

        def _parse_badges_revoked(data: object) -> list[ReversalEffectsBadgesRevokedType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                badges_revoked_type_0 = []
                _badges_revoked_type_0 = data
                for badges_revoked_type_0_item_data in (_badges_revoked_type_0):
                    badges_revoked_type_0_item = ReversalEffectsBadgesRevokedType0Item.from_dict(badges_revoked_type_0_item_data)



                    badges_revoked_type_0.append(badges_revoked_type_0_item)

                return badges_revoked_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ReversalEffectsBadgesRevokedType0Item] | None | Unset, data)

        badges_revoked = _parse_badges_revoked(d.pop("badges_revoked", UNSET))


        def _parse_debt(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        debt = _parse_debt(d.pop("debt", UNSET))


        def _parse_pending(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        pending = _parse_pending(d.pop("pending", UNSET))


        def _parse_quests(data: object) -> list[ReversalEffectsQuestsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                quests_type_0 = []
                _quests_type_0 = data
                for quests_type_0_item_data in (_quests_type_0):
                    quests_type_0_item = ReversalEffectsQuestsType0Item.from_dict(quests_type_0_item_data)



                    quests_type_0.append(quests_type_0_item)

                return quests_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ReversalEffectsQuestsType0Item] | None | Unset, data)

        quests = _parse_quests(d.pop("quests", UNSET))


        def _parse_referral(data: object) -> None | ReversalEffectsReferralType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                referral_type_0 = ReversalEffectsReferralType0.from_dict(data)



                return referral_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReversalEffectsReferralType0 | Unset, data)

        referral = _parse_referral(d.pop("referral", UNSET))


        def _parse_referrer_debt(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        referrer_debt = _parse_referrer_debt(d.pop("referrer_debt", UNSET))


        def _parse_streak_days_removed(data: object) -> list[ReversalEffectsStreakDaysRemovedType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                streak_days_removed_type_0 = []
                _streak_days_removed_type_0 = data
                for streak_days_removed_type_0_item_data in (_streak_days_removed_type_0):
                    streak_days_removed_type_0_item = ReversalEffectsStreakDaysRemovedType0Item.from_dict(streak_days_removed_type_0_item_data)



                    streak_days_removed_type_0.append(streak_days_removed_type_0_item)

                return streak_days_removed_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ReversalEffectsStreakDaysRemovedType0Item] | None | Unset, data)

        streak_days_removed = _parse_streak_days_removed(d.pop("streak_days_removed", UNSET))


        reversal_effects = cls(
            event=event,
            full=full,
            points=points,
            rules=rules,
            rules_reversed=rules_reversed,
            xp=xp,
            badges_revoked=badges_revoked,
            debt=debt,
            pending=pending,
            quests=quests,
            referral=referral,
            referrer_debt=referrer_debt,
            streak_days_removed=streak_days_removed,
        )


        reversal_effects.additional_properties = d
        return reversal_effects

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
