""" Contains all the data models used in inputs/outputs """

from .adjustment_in import AdjustmentIn
from .anchor_out import AnchorOut
from .announcement_in import AnnouncementIn
from .announcement_in_kind import AnnouncementInKind
from .announcement_out import AnnouncementOut
from .announcement_patch import AnnouncementPatch
from .announcement_patch_kind import AnnouncementPatchKind
from .api_key_in import ApiKeyIn
from .api_key_out import ApiKeyOut
from .audit_out import AuditOut
from .audit_out_detail import AuditOutDetail
from .audit_page import AuditPage
from .badge_criteria_type_0 import BadgeCriteriaType0
from .badge_criteria_type_1 import BadgeCriteriaType1
from .badge_criteria_type_2 import BadgeCriteriaType2
from .badge_criteria_type_3 import BadgeCriteriaType3
from .badge_criteria_type_4 import BadgeCriteriaType4
from .badge_grant_in import BadgeGrantIn
from .badge_out import BadgeOut
from .badge_out_freezes_type_0 import BadgeOutFreezesType0
from .badge_spec import BadgeSpec
from .badge_spec_nft_item import BadgeSpecNftItem
from .badge_spec_repeat_type_0 import BadgeSpecRepeatType0
from .balance_out import BalanceOut
from .balance_out_on_chain import BalanceOutOnChain
from .branding_in import BrandingIn
from .branding_in_colors import BrandingInColors
from .branding_out import BrandingOut
from .branding_out_colors import BrandingOutColors
from .branding_out_contacts import BrandingOutContacts
from .budget_out import BudgetOut
from .card_in import CardIn
from .card_out import CardOut
from .cards_out import CardsOut
from .chain_out import ChainOut
from .contacts import Contacts
from .create_v1_badges_post_response_create_v1_badges_post import CreateV1BadgesPostResponseCreateV1BadgesPost
from .create_v1_leaderboards_post_response_create_v1_leaderboards_post import CreateV1LeaderboardsPostResponseCreateV1LeaderboardsPost
from .create_v1_levels_post_response_create_v1_levels_post import CreateV1LevelsPostResponseCreateV1LevelsPost
from .create_v1_medals_post_response_create_v1_medals_post import CreateV1MedalsPostResponseCreateV1MedalsPost
from .create_v1_quests_post_response_create_v1_quests_post import CreateV1QuestsPostResponseCreateV1QuestsPost
from .create_v1_rules_post_response_create_v1_rules_post import CreateV1RulesPostResponseCreateV1RulesPost
from .create_v1_segments_post_response_create_v1_segments_post import CreateV1SegmentsPostResponseCreateV1SegmentsPost
from .current_v1_badges_key_get_response_current_v1_badges_key_get import CurrentV1BadgesKeyGetResponseCurrentV1BadgesKeyGet
from .current_v1_levels_key_get_response_current_v1_levels_key_get import CurrentV1LevelsKeyGetResponseCurrentV1LevelsKeyGet
from .current_v1_medals_key_get_response_current_v1_medals_key_get import CurrentV1MedalsKeyGetResponseCurrentV1MedalsKeyGet
from .current_v1_quests_key_get_response_current_v1_quests_key_get import CurrentV1QuestsKeyGetResponseCurrentV1QuestsKeyGet
from .current_v1_rules_key_get_response_current_v1_rules_key_get import CurrentV1RulesKeyGetResponseCurrentV1RulesKeyGet
from .current_v1_segments_key_get_response_current_v1_segments_key_get import CurrentV1SegmentsKeyGetResponseCurrentV1SegmentsKeyGet
from .delivery_out import DeliveryOut
from .delivery_out_payload import DeliveryOutPayload
from .earning_cap import EarningCap
from .earning_cap_per import EarningCapPer
from .effects import Effects
from .effects_badges_item import EffectsBadgesItem
from .effects_capped_type_0_item import EffectsCappedType0Item
from .effects_level_type_0 import EffectsLevelType0
from .effects_quests_item import EffectsQuestsItem
from .effects_referral_type_0 import EffectsReferralType0
from .effects_rule_errors_type_0_item import EffectsRuleErrorsType0Item
from .effects_rules_item import EffectsRulesItem
from .effects_streak_freezes_type_0 import EffectsStreakFreezesType0
from .effects_uncollected_type_0 import EffectsUncollectedType0
from .erasure_out import ErasureOut
from .erasure_out_badge_tokens_item import ErasureOutBadgeTokensItem
from .erasure_out_on_chain import ErasureOutOnChain
from .erasure_out_wallets import ErasureOutWallets
from .erasure_out_withdrawal_addresses_item import ErasureOutWithdrawalAddressesItem
from .event_batch_in import EventBatchIn
from .event_batch_in_events_item import EventBatchInEventsItem
from .event_batch_item_out import EventBatchItemOut
from .event_batch_item_out_error_type_0 import EventBatchItemOutErrorType0
from .event_batch_out import EventBatchOut
from .event_in import EventIn
from .event_in_properties import EventInProperties
from .event_out import EventOut
from .event_schema_in import EventSchemaIn
from .event_schema_in_schema import EventSchemaInSchema
from .event_schema_out import EventSchemaOut
from .event_schema_out_schema import EventSchemaOutSchema
from .event_view import EventView
from .event_view_error_type_0 import EventViewErrorType0
from .event_view_properties import EventViewProperties
from .feed_out import FeedOut
from .free_reward_in import FreeRewardIn
from .freezes_in import FreezesIn
from .fund_in import FundIn
from .fund_out import FundOut
from .get_feed_v1_recognitions_get_status_type_0 import GetFeedV1RecognitionsGetStatusType0
from .get_leaderboard_v1_leaderboards_key_get_period import GetLeaderboardV1LeaderboardsKeyGetPeriod
from .get_member_export_v1_members_external_id_export_get_response_get_member_export_v1_members_external_id_export_get import GetMemberExportV1MembersExternalIdExportGetResponseGetMemberExportV1MembersExternalIdExportGet
from .goal_in_type_0 import GoalInType0
from .goal_in_type_1 import GoalInType1
from .goal_out import GoalOut
from .import_out import ImportOut
from .import_out_errors_item import ImportOutErrorsItem
from .invitation_out import InvitationOut
from .issue_in import IssueIn
from .leaderboard_out import LeaderboardOut
from .leaderboard_spec import LeaderboardSpec
from .ledger_page import LedgerPage
from .level_out import LevelOut
from .level_spec_type_0 import LevelSpecType0
from .level_spec_type_1 import LevelSpecType1
from .level_spec_type_2 import LevelSpecType2
from .listing_v1_badges_get_response_200_item import ListingV1BadgesGetResponse200Item
from .listing_v1_leaderboards_get_response_200_item import ListingV1LeaderboardsGetResponse200Item
from .listing_v1_levels_get_response_200_item import ListingV1LevelsGetResponse200Item
from .listing_v1_medals_get_response_200_item import ListingV1MedalsGetResponse200Item
from .listing_v1_quests_get_response_200_item import ListingV1QuestsGetResponse200Item
from .listing_v1_rules_get_response_200_item import ListingV1RulesGetResponse200Item
from .listing_v1_segments_get_response_200_item import ListingV1SegmentsGetResponse200Item
from .manual_award_out import ManualAwardOut
from .medal_out import MedalOut
from .medal_rank import MedalRank
from .medal_spec import MedalSpec
from .member_in import MemberIn
from .member_out import MemberOut
from .member_out_attributes import MemberOutAttributes
from .member_out_badges_item import MemberOutBadgesItem
from .member_out_wallets import MemberOutWallets
from .member_patch import MemberPatch
from .member_patch_attributes import MemberPatchAttributes
from .new_api_key_out import NewApiKeyOut
from .new_webhook_out import NewWebhookOut
from .page_link_in import PageLinkIn
from .page_link_out import PageLinkOut
from .partner_in import PartnerIn
from .partner_out import PartnerOut
from .pass_out import PassOut
from .pass_type_in_type_0 import PassTypeInType0
from .pass_type_in_type_1 import PassTypeInType1
from .pass_type_out import PassTypeOut
from .passes_out import PassesOut
from .payout_batch_in import PayoutBatchIn
from .payout_batch_in_payouts_item import PayoutBatchInPayoutsItem
from .payout_batch_item_out import PayoutBatchItemOut
from .payout_batch_item_out_error_type_0 import PayoutBatchItemOutErrorType0
from .payout_batch_out import PayoutBatchOut
from .payout_in import PayoutIn
from .payout_in_chain import PayoutInChain
from .payout_out import PayoutOut
from .pending_out import PendingOut
from .period_out import PeriodOut
from .plan_in import PlanIn
from .plan_in_period import PlanInPeriod
from .plan_out import PlanOut
from .post_simulate_v1_simulate_post_response_post_simulate_v1_simulate_post import PostSimulateV1SimulatePostResponsePostSimulateV1SimulatePost
from .posting_out import PostingOut
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .program_in import ProgramIn
from .program_in_settings import ProgramInSettings
from .program_in_status import ProgramInStatus
from .program_out import ProgramOut
from .program_out_settings import ProgramOutSettings
from .program_patch import ProgramPatch
from .program_patch_settings_type_0 import ProgramPatchSettingsType0
from .program_patch_status_type_0 import ProgramPatchStatusType0
from .progress_out import ProgressOut
from .progress_out_kind import ProgressOutKind
from .promo_batch_in import PromoBatchIn
from .promo_batch_out import PromoBatchOut
from .promo_code_in import PromoCodeIn
from .promo_code_out import PromoCodeOut
from .proof_out import ProofOut
from .proof_out_leaf_encoding import ProofOutLeafEncoding
from .proof_out_values import ProofOutValues
from .quest_out import QuestOut
from .quest_out_steps_item import QuestOutStepsItem
from .quest_spec import QuestSpec
from .quest_step import QuestStep
from .raffle_in import RaffleIn
from .raffle_out import RaffleOut
from .recognition_in import RecognitionIn
from .recognition_out import RecognitionOut
from .redeem_in import RedeemIn
from .redeem_out import RedeemOut
from .redemption_out import RedemptionOut
from .referral_terms_in import ReferralTermsIn
from .referral_terms_out import ReferralTermsOut
from .referrer_out import ReferrerOut
from .renew_in import RenewIn
from .replace_in import ReplaceIn
from .replace_v1_badges_key_put_response_replace_v1_badges_key_put import ReplaceV1BadgesKeyPutResponseReplaceV1BadgesKeyPut
from .replace_v1_leaderboards_key_put_response_replace_v1_leaderboards_key_put import ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut
from .replace_v1_levels_key_put_response_replace_v1_levels_key_put import ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut
from .replace_v1_medals_key_put_response_replace_v1_medals_key_put import ReplaceV1MedalsKeyPutResponseReplaceV1MedalsKeyPut
from .replace_v1_quests_key_put_response_replace_v1_quests_key_put import ReplaceV1QuestsKeyPutResponseReplaceV1QuestsKeyPut
from .replace_v1_rules_key_put_response_replace_v1_rules_key_put import ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut
from .replace_v1_segments_key_put_response_replace_v1_segments_key_put import ReplaceV1SegmentsKeyPutResponseReplaceV1SegmentsKeyPut
from .reversal_effects import ReversalEffects
from .reversal_effects_badges_revoked_type_0_item import ReversalEffectsBadgesRevokedType0Item
from .reversal_effects_quests_type_0_item import ReversalEffectsQuestsType0Item
from .reversal_effects_referral_type_0 import ReversalEffectsReferralType0
from .reversal_effects_rules_item import ReversalEffectsRulesItem
from .reversal_effects_rules_reversed import ReversalEffectsRulesReversed
from .reversal_effects_streak_days_removed_type_0_item import ReversalEffectsStreakDaysRemovedType0Item
from .reversal_in import ReversalIn
from .reversal_in_properties_type_0 import ReversalInPropertiesType0
from .reversal_out import ReversalOut
from .reward_in import RewardIn
from .reward_out import RewardOut
from .reward_patch import RewardPatch
from .role import Role
from .rotate_in import RotateIn
from .rule_spec import RuleSpec
from .run_job_v1_jobs_name_post_response_run_job_v1_jobs_name_post import RunJobV1JobsNamePostResponseRunJobV1JobsNamePost
from .scope import Scope
from .segment_member_out import SegmentMemberOut
from .segment_members_page import SegmentMembersPage
from .segment_spec import SegmentSpec
from .settlement_out import SettlementOut
from .simulate_in import SimulateIn
from .staff_in import StaffIn
from .staff_out import StaffOut
from .standing_out import StandingOut
from .start_in import StartIn
from .stats_out import StatsOut
from .stats_out_segments import StatsOutSegments
from .subscription_out import SubscriptionOut
from .subscriptions_out import SubscriptionsOut
from .team_progress_out import TeamProgressOut
from .tenant_in import TenantIn
from .tenant_out import TenantOut
from .ticket_out import TicketOut
from .transfer_in import TransferIn
from .transfer_out import TransferOut
from .use_in import UseIn
from .use_in_properties import UseInProperties
from .use_out import UseOut
from .use_out_effects import UseOutEffects
from .versions_v1_badges_key_versions_get_response_200_item import VersionsV1BadgesKeyVersionsGetResponse200Item
from .versions_v1_leaderboards_key_versions_get_response_200_item import VersionsV1LeaderboardsKeyVersionsGetResponse200Item
from .versions_v1_levels_key_versions_get_response_200_item import VersionsV1LevelsKeyVersionsGetResponse200Item
from .versions_v1_medals_key_versions_get_response_200_item import VersionsV1MedalsKeyVersionsGetResponse200Item
from .versions_v1_quests_key_versions_get_response_200_item import VersionsV1QuestsKeyVersionsGetResponse200Item
from .versions_v1_rules_key_versions_get_response_200_item import VersionsV1RulesKeyVersionsGetResponse200Item
from .versions_v1_segments_key_versions_get_response_200_item import VersionsV1SegmentsKeyVersionsGetResponse200Item
from .webhook_in import WebhookIn
from .webhook_in_events_item import WebhookInEventsItem
from .webhook_out import WebhookOut

__all__ = (
    "AdjustmentIn",
    "AnchorOut",
    "AnnouncementIn",
    "AnnouncementInKind",
    "AnnouncementOut",
    "AnnouncementPatch",
    "AnnouncementPatchKind",
    "ApiKeyIn",
    "ApiKeyOut",
    "AuditOut",
    "AuditOutDetail",
    "AuditPage",
    "BadgeCriteriaType0",
    "BadgeCriteriaType1",
    "BadgeCriteriaType2",
    "BadgeCriteriaType3",
    "BadgeCriteriaType4",
    "BadgeGrantIn",
    "BadgeOut",
    "BadgeOutFreezesType0",
    "BadgeSpec",
    "BadgeSpecNftItem",
    "BadgeSpecRepeatType0",
    "BalanceOut",
    "BalanceOutOnChain",
    "BrandingIn",
    "BrandingInColors",
    "BrandingOut",
    "BrandingOutColors",
    "BrandingOutContacts",
    "BudgetOut",
    "CardIn",
    "CardOut",
    "CardsOut",
    "ChainOut",
    "Contacts",
    "CreateV1BadgesPostResponseCreateV1BadgesPost",
    "CreateV1LeaderboardsPostResponseCreateV1LeaderboardsPost",
    "CreateV1LevelsPostResponseCreateV1LevelsPost",
    "CreateV1MedalsPostResponseCreateV1MedalsPost",
    "CreateV1QuestsPostResponseCreateV1QuestsPost",
    "CreateV1RulesPostResponseCreateV1RulesPost",
    "CreateV1SegmentsPostResponseCreateV1SegmentsPost",
    "CurrentV1BadgesKeyGetResponseCurrentV1BadgesKeyGet",
    "CurrentV1LevelsKeyGetResponseCurrentV1LevelsKeyGet",
    "CurrentV1MedalsKeyGetResponseCurrentV1MedalsKeyGet",
    "CurrentV1QuestsKeyGetResponseCurrentV1QuestsKeyGet",
    "CurrentV1RulesKeyGetResponseCurrentV1RulesKeyGet",
    "CurrentV1SegmentsKeyGetResponseCurrentV1SegmentsKeyGet",
    "DeliveryOut",
    "DeliveryOutPayload",
    "EarningCap",
    "EarningCapPer",
    "Effects",
    "EffectsBadgesItem",
    "EffectsCappedType0Item",
    "EffectsLevelType0",
    "EffectsQuestsItem",
    "EffectsReferralType0",
    "EffectsRuleErrorsType0Item",
    "EffectsRulesItem",
    "EffectsStreakFreezesType0",
    "EffectsUncollectedType0",
    "ErasureOut",
    "ErasureOutBadgeTokensItem",
    "ErasureOutOnChain",
    "ErasureOutWallets",
    "ErasureOutWithdrawalAddressesItem",
    "EventBatchIn",
    "EventBatchInEventsItem",
    "EventBatchItemOut",
    "EventBatchItemOutErrorType0",
    "EventBatchOut",
    "EventIn",
    "EventInProperties",
    "EventOut",
    "EventSchemaIn",
    "EventSchemaInSchema",
    "EventSchemaOut",
    "EventSchemaOutSchema",
    "EventView",
    "EventViewErrorType0",
    "EventViewProperties",
    "FeedOut",
    "FreeRewardIn",
    "FreezesIn",
    "FundIn",
    "FundOut",
    "GetFeedV1RecognitionsGetStatusType0",
    "GetLeaderboardV1LeaderboardsKeyGetPeriod",
    "GetMemberExportV1MembersExternalIdExportGetResponseGetMemberExportV1MembersExternalIdExportGet",
    "GoalInType0",
    "GoalInType1",
    "GoalOut",
    "ImportOut",
    "ImportOutErrorsItem",
    "InvitationOut",
    "IssueIn",
    "LeaderboardOut",
    "LeaderboardSpec",
    "LedgerPage",
    "LevelOut",
    "LevelSpecType0",
    "LevelSpecType1",
    "LevelSpecType2",
    "ListingV1BadgesGetResponse200Item",
    "ListingV1LeaderboardsGetResponse200Item",
    "ListingV1LevelsGetResponse200Item",
    "ListingV1MedalsGetResponse200Item",
    "ListingV1QuestsGetResponse200Item",
    "ListingV1RulesGetResponse200Item",
    "ListingV1SegmentsGetResponse200Item",
    "ManualAwardOut",
    "MedalOut",
    "MedalRank",
    "MedalSpec",
    "MemberIn",
    "MemberOut",
    "MemberOutAttributes",
    "MemberOutBadgesItem",
    "MemberOutWallets",
    "MemberPatch",
    "MemberPatchAttributes",
    "NewApiKeyOut",
    "NewWebhookOut",
    "PageLinkIn",
    "PageLinkOut",
    "PartnerIn",
    "PartnerOut",
    "PassesOut",
    "PassOut",
    "PassTypeInType0",
    "PassTypeInType1",
    "PassTypeOut",
    "PayoutBatchIn",
    "PayoutBatchInPayoutsItem",
    "PayoutBatchItemOut",
    "PayoutBatchItemOutErrorType0",
    "PayoutBatchOut",
    "PayoutIn",
    "PayoutInChain",
    "PayoutOut",
    "PendingOut",
    "PeriodOut",
    "PlanIn",
    "PlanInPeriod",
    "PlanOut",
    "PostingOut",
    "PostSimulateV1SimulatePostResponsePostSimulateV1SimulatePost",
    "Problem",
    "ProblemErrorsItem",
    "ProgramIn",
    "ProgramInSettings",
    "ProgramInStatus",
    "ProgramOut",
    "ProgramOutSettings",
    "ProgramPatch",
    "ProgramPatchSettingsType0",
    "ProgramPatchStatusType0",
    "ProgressOut",
    "ProgressOutKind",
    "PromoBatchIn",
    "PromoBatchOut",
    "PromoCodeIn",
    "PromoCodeOut",
    "ProofOut",
    "ProofOutLeafEncoding",
    "ProofOutValues",
    "QuestOut",
    "QuestOutStepsItem",
    "QuestSpec",
    "QuestStep",
    "RaffleIn",
    "RaffleOut",
    "RecognitionIn",
    "RecognitionOut",
    "RedeemIn",
    "RedeemOut",
    "RedemptionOut",
    "ReferralTermsIn",
    "ReferralTermsOut",
    "ReferrerOut",
    "RenewIn",
    "ReplaceIn",
    "ReplaceV1BadgesKeyPutResponseReplaceV1BadgesKeyPut",
    "ReplaceV1LeaderboardsKeyPutResponseReplaceV1LeaderboardsKeyPut",
    "ReplaceV1LevelsKeyPutResponseReplaceV1LevelsKeyPut",
    "ReplaceV1MedalsKeyPutResponseReplaceV1MedalsKeyPut",
    "ReplaceV1QuestsKeyPutResponseReplaceV1QuestsKeyPut",
    "ReplaceV1RulesKeyPutResponseReplaceV1RulesKeyPut",
    "ReplaceV1SegmentsKeyPutResponseReplaceV1SegmentsKeyPut",
    "ReversalEffects",
    "ReversalEffectsBadgesRevokedType0Item",
    "ReversalEffectsQuestsType0Item",
    "ReversalEffectsReferralType0",
    "ReversalEffectsRulesItem",
    "ReversalEffectsRulesReversed",
    "ReversalEffectsStreakDaysRemovedType0Item",
    "ReversalIn",
    "ReversalInPropertiesType0",
    "ReversalOut",
    "RewardIn",
    "RewardOut",
    "RewardPatch",
    "Role",
    "RotateIn",
    "RuleSpec",
    "RunJobV1JobsNamePostResponseRunJobV1JobsNamePost",
    "Scope",
    "SegmentMemberOut",
    "SegmentMembersPage",
    "SegmentSpec",
    "SettlementOut",
    "SimulateIn",
    "StaffIn",
    "StaffOut",
    "StandingOut",
    "StartIn",
    "StatsOut",
    "StatsOutSegments",
    "SubscriptionOut",
    "SubscriptionsOut",
    "TeamProgressOut",
    "TenantIn",
    "TenantOut",
    "TicketOut",
    "TransferIn",
    "TransferOut",
    "UseIn",
    "UseInProperties",
    "UseOut",
    "UseOutEffects",
    "VersionsV1BadgesKeyVersionsGetResponse200Item",
    "VersionsV1LeaderboardsKeyVersionsGetResponse200Item",
    "VersionsV1LevelsKeyVersionsGetResponse200Item",
    "VersionsV1MedalsKeyVersionsGetResponse200Item",
    "VersionsV1QuestsKeyVersionsGetResponse200Item",
    "VersionsV1RulesKeyVersionsGetResponse200Item",
    "VersionsV1SegmentsKeyVersionsGetResponse200Item",
    "WebhookIn",
    "WebhookInEventsItem",
    "WebhookOut",
)
