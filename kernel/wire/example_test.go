package wire_test

import (
	"encoding/json"
	"fmt"
	"log"

	"github.com/aulago/gokernel/kernel/wire"
)

func Example() {
	// The scheme and key come from the kernel's connection file.
	codec, err := wire.NewCodec("hmac-sha256", "a0436f6c-1916-498b-8eb9-e81ab9368e84")
	if err != nil {
		log.Fatal(err)
	}

	msg := &wire.Message{
		Identities: [][]byte{[]byte("frontend")},
		Header: wire.Header{
			MsgID:    "3f1c2a4e-0000-4000-8000-000000000001",
			Session:  "sess-1",
			Username: "alice",
			Date:     "2024-01-02T03:04:05.000000Z",
			MsgType:  "execute_request",
			Version:  wire.ProtocolVersion,
		},
		Content: json.RawMessage(`{"code":"1+1","silent":false}`),
	}
	frames, err := codec.Encode(msg)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range frames {
		fmt.Printf("%s\n", f)
	}

	got, err := codec.Decode(frames)
	if err != nil {
		log.Fatal(err)
	}
	var content struct{ Code string }
	if err := got.DecodeContent(&content); err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.Header.MsgType, content.Code, string(got.Identities[0]))

	// Output:
	// frontend
	// <IDS|MSG>
	// 0cf5e12209232d2bd3d753e02a0438d2af494a66d7e38979bf13d1ab90254722
	// {"msg_id":"3f1c2a4e-0000-4000-8000-000000000001","session":"sess-1","username":"alice","date":"2024-01-02T03:04:05.000000Z","msg_type":"execute_request","version":"5.3"}
	// {}
	// {}
	// {"code":"1+1","silent":false}
	// execute_request 1+1 frontend
}
