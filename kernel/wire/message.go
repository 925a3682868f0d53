package wire

import (
	"encoding/json"
	"time"

	"github.com/gofrs/uuid/v5"
)

// ProtocolVersion is the Jupyter messaging protocol version this kernel
// speaks; it goes into every header and into kernel_info_reply.
const ProtocolVersion = "5.3"

// Header is the header of a Jupyter message.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one decoded Jupyter message. The JSON parts other than the
// header stay raw: parent headers are echoed verbatim and contents are
// decoded by whoever knows their type.
type Message struct {
	// Identities are the ZeroMQ routing frames before the delimiter.
	Identities [][]byte
	Header     Header
	// ParentHeader, Metadata and Content are raw JSON objects; nil means {}.
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte

	// rawHeader is the header as received, so that a reply's parent_header
	// is the request's header verbatim, fields this package does not know
	// (such as subshell_id) included.
	rawHeader json.RawMessage
}

// NewHeader returns a header with a fresh UUID msg_id, the current time and
// the protocol version.
func NewHeader(msgType, session, username string) Header {
	return Header{
		MsgID:    uuid.Must(uuid.NewV4()).String(),
		Session:  session,
		Username: username,
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// Reply builds a message of type msgType whose parent is m, addressed to the
// same identities, with content marshalled from v.
func (m *Message) Reply(msgType, session string, v any) (*Message, error) {
	content, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	parent := m.rawHeader
	if len(parent) == 0 {
		parent, err = json.Marshal(m.Header)
		if err != nil {
			return nil, err
		}
	}
	return &Message{
		Identities:   m.Identities,
		Header:       NewHeader(msgType, session, m.Header.Username),
		ParentHeader: parent,
		Content:      content,
	}, nil
}

// DecodeContent unmarshals the content into v.
func (m *Message) DecodeContent(v any) error {
	if len(m.Content) == 0 {
		return json.Unmarshal([]byte("{}"), v)
	}
	return json.Unmarshal(m.Content, v)
}
