package kindred

// EventType names something that happened, as webhooks and the audit of
// outside integrations know it.
type EventType string

// The events use cases emit. Each is emitted by exactly one use case, in
// the transaction that made it happen, but for gathering.created, which a
// member's proposed dinner also emits when it opens (approved, or proposed by
// a trusted host). A proposal waiting for review is told only as
// gathering.proposed and gathering.reviewed, with its id and city alone.
const (
	EventMemberJoined       EventType = "member.joined"
	EventGatheringCreated   EventType = "gathering.created"
	EventGatheringChanged   EventType = "gathering.changed"
	EventGatheringCancelled EventType = "gathering.cancelled"
	EventGatheringHeld      EventType = "gathering.held"
	EventRSVPChanged        EventType = "rsvp.changed"
	EventStorySubmitted     EventType = "story.submitted"
	EventStoryApproved      EventType = "story.approved"
	EventPracticeShared     EventType = "practice.shared"
	EventAdoptionRecorded   EventType = "adoption.recorded"
	EventReportPublished    EventType = "report.published"
	EventPostCreated        EventType = "post.created"
	EventSeasonComposed     EventType = "season.composed"
	EventGatheringProposed  EventType = "gathering.proposed"
	EventGatheringReviewed  EventType = "gathering.reviewed"
	EventFeedbackGiven      EventType = "feedback.given"
)

// EventTypes lists every event type, in the order pages show them.
var EventTypes = []EventType{EventMemberJoined, EventGatheringCreated, EventGatheringChanged, EventGatheringCancelled,
	EventGatheringHeld, EventRSVPChanged, EventStorySubmitted, EventStoryApproved, EventPracticeShared,
	EventAdoptionRecorded, EventReportPublished, EventPostCreated, EventSeasonComposed,
	EventGatheringProposed, EventGatheringReviewed, EventFeedbackGiven}

// Event is one thing that happened. Data is what an outside system is told
// about it, and must hold only what anyone in the network may see: never a
// field its owner made private, an anonymous teller's identity, or a
// harvest note that is not shared with the network. Use cases build it
// from the values they already checked.
type Event struct {
	Type    EventType
	Subject string // what it is about, e.g. "gathering:42"
	Data    map[string]any
}

// Describe says in plain words what happened, for the pages that let
// people choose events.
func (t EventType) Describe() string {
	switch t {
	case EventMemberJoined:
		return "Someone joins the network"
	case EventGatheringCreated:
		return "A gathering is created"
	case EventGatheringChanged:
		return "A gathering's time, place or details change"
	case EventGatheringCancelled:
		return "A gathering is cancelled"
	case EventGatheringHeld:
		return "A gathering is marked held"
	case EventRSVPChanged:
		return "Someone answers an invitation or changes their answer"
	case EventStorySubmitted:
		return "A story is submitted to a campaign"
	case EventStoryApproved:
		return "A story is approved"
	case EventPracticeShared:
		return "A practice is shared"
	case EventAdoptionRecorded:
		return "An organization adopts a practice"
	case EventReportPublished:
		return "A campaign's report is published"
	case EventPostCreated:
		return "Someone writes in a conversation"
	case EventSeasonComposed:
		return "A series' season of table plans is composed or re-planned"
	case EventGatheringProposed:
		return "A member proposes a dinner, or sends it again after changes"
	case EventGatheringReviewed:
		return "An organizer asks for changes to a proposed dinner, or declines it"
	case EventFeedbackGiven:
		return "A guest answers the after-dinner question (which gathering only, never who or what)"
	case EventPing:
		return "A test"
	}
	return string(t)
}
