from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.badge_spec import BadgeSpec
  from ..models.level_spec_type_0 import LevelSpecType0
  from ..models.level_spec_type_1 import LevelSpecType1
  from ..models.level_spec_type_2 import LevelSpecType2
  from ..models.quest_spec import QuestSpec
  from ..models.rule_spec import RuleSpec





T = TypeVar("T", bound="SimulateIn")



@_attrs_define
class SimulateIn:
    """ 
        Attributes:
            from_ (datetime.datetime):
            to (datetime.datetime):
            badges (list[BadgeSpec] | Unset):
            gas_price_gwei (float | str | Unset):  Default: 2.0.
            levels (list[LevelSpecType0 | LevelSpecType1 | LevelSpecType2] | Unset):
            program (None | str | Unset):
            quests (list[QuestSpec] | Unset):
            rules (list[RuleSpec] | Unset):
            with_current (bool | Unset): Also apply today's definitions (drafts replace same keys). Default: False.
     """

    from_: datetime.datetime
    to: datetime.datetime
    badges: list[BadgeSpec] | Unset = UNSET
    gas_price_gwei: float | str | Unset = 2.0
    levels: list[LevelSpecType0 | LevelSpecType1 | LevelSpecType2] | Unset = UNSET
    program: None | str | Unset = UNSET
    quests: list[QuestSpec] | Unset = UNSET
    rules: list[RuleSpec] | Unset = UNSET
    with_current: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.badge_spec import BadgeSpec # noqa: PLC0415
        from ..models.level_spec_type_0 import LevelSpecType0 # noqa: PLC0415
        from ..models.level_spec_type_1 import LevelSpecType1 # noqa: PLC0415
        from ..models.level_spec_type_2 import LevelSpecType2 # noqa: PLC0415
        from ..models.quest_spec import QuestSpec # noqa: PLC0415
        from ..models.rule_spec import RuleSpec # noqa: PLC0415
        from_ = self.from_.isoformat()

        to = self.to.isoformat()

        badges: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.badges, Unset):
            badges = []
            for badges_item_data in self.badges:
                badges_item = badges_item_data.to_dict()
                badges.append(badges_item)



        gas_price_gwei: float | str | Unset
        if isinstance(self.gas_price_gwei, Unset):
            gas_price_gwei = UNSET
        else:
            gas_price_gwei = self.gas_price_gwei

        levels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.levels, Unset):
            levels = []
            for levels_item_data in self.levels:
                levels_item: dict[str, Any]
                if isinstance(levels_item_data, LevelSpecType0):
                    levels_item = levels_item_data.to_dict()
                elif isinstance(levels_item_data, LevelSpecType1):
                    levels_item = levels_item_data.to_dict()
                else:
                    levels_item = levels_item_data.to_dict()

                levels.append(levels_item)



        program: None | str | Unset
        if isinstance(self.program, Unset):
            program = UNSET
        else:
            program = self.program

        quests: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.quests, Unset):
            quests = []
            for quests_item_data in self.quests:
                quests_item = quests_item_data.to_dict()
                quests.append(quests_item)



        rules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.rules, Unset):
            rules = []
            for rules_item_data in self.rules:
                rules_item = rules_item_data.to_dict()
                rules.append(rules_item)



        with_current = self.with_current


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "from": from_,
            "to": to,
        })
        if badges is not UNSET:
            field_dict["badges"] = badges
        if gas_price_gwei is not UNSET:
            field_dict["gas_price_gwei"] = gas_price_gwei
        if levels is not UNSET:
            field_dict["levels"] = levels
        if program is not UNSET:
            field_dict["program"] = program
        if quests is not UNSET:
            field_dict["quests"] = quests
        if rules is not UNSET:
            field_dict["rules"] = rules
        if with_current is not UNSET:
            field_dict["with_current"] = with_current

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.badge_spec import BadgeSpec # noqa: PLC0415
        from ..models.level_spec_type_0 import LevelSpecType0 # noqa: PLC0415
        from ..models.level_spec_type_1 import LevelSpecType1 # noqa: PLC0415
        from ..models.level_spec_type_2 import LevelSpecType2 # noqa: PLC0415
        from ..models.quest_spec import QuestSpec # noqa: PLC0415
        from ..models.rule_spec import RuleSpec # noqa: PLC0415
        d = dict(src_dict)
        from_ = datetime.datetime.fromisoformat(d.pop("from"))




        to = datetime.datetime.fromisoformat(d.pop("to"))




        _badges = d.pop("badges", UNSET)
        badges: list[BadgeSpec] | Unset = UNSET
        if _badges is not UNSET:
            badges = []
            for badges_item_data in _badges:
                badges_item = BadgeSpec.from_dict(badges_item_data)



                badges.append(badges_item)


        def _parse_gas_price_gwei(data: object) -> float | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(float | str | Unset, data)

        gas_price_gwei = _parse_gas_price_gwei(d.pop("gas_price_gwei", UNSET))


        _levels = d.pop("levels", UNSET)
        levels: list[LevelSpecType0 | LevelSpecType1 | LevelSpecType2] | Unset = UNSET
        if _levels is not UNSET:
            levels = []
            for levels_item_data in _levels:
                def _parse_levels_item(data: object) -> LevelSpecType0 | LevelSpecType1 | LevelSpecType2:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_level_spec_type_0 = LevelSpecType0.from_dict(data)



                        return componentsschemas_level_spec_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        componentsschemas_level_spec_type_1 = LevelSpecType1.from_dict(data)



                        return componentsschemas_level_spec_type_1
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    if not isinstance(data, dict):
                        raise TypeError()
                    componentsschemas_level_spec_type_2 = LevelSpecType2.from_dict(data)



                    return componentsschemas_level_spec_type_2

                levels_item = _parse_levels_item(levels_item_data)

                levels.append(levels_item)


        def _parse_program(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        program = _parse_program(d.pop("program", UNSET))


        _quests = d.pop("quests", UNSET)
        quests: list[QuestSpec] | Unset = UNSET
        if _quests is not UNSET:
            quests = []
            for quests_item_data in _quests:
                quests_item = QuestSpec.from_dict(quests_item_data)



                quests.append(quests_item)


        _rules = d.pop("rules", UNSET)
        rules: list[RuleSpec] | Unset = UNSET
        if _rules is not UNSET:
            rules = []
            for rules_item_data in _rules:
                rules_item = RuleSpec.from_dict(rules_item_data)



                rules.append(rules_item)


        with_current = d.pop("with_current", UNSET)

        simulate_in = cls(
            from_=from_,
            to=to,
            badges=badges,
            gas_price_gwei=gas_price_gwei,
            levels=levels,
            program=program,
            quests=quests,
            rules=rules,
            with_current=with_current,
        )


        simulate_in.additional_properties = d
        return simulate_in

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
