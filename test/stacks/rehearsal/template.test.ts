import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../../stacks/rehearsal/template.ts';

const template = {
  Parameters: { Mode: { Type: 'String', Default: 'create' } },
  Conditions: { IsHome: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }, Creates: { 'Fn::Equals': [{ Ref: 'Mode' }, 'create'] } },
  Resources: {
    Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::Sub': 'r-${AWS::Region}' } } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } } },
    Recorder: {
      Type: 'AWS::Config::ConfigurationRecorder',
      Condition: 'Creates',
      DependsOn: 'Fn',
      Properties: { Global: { 'Fn::If': ['IsHome', true, false] } },
    },
  },
};

describe('baseline template as CloudFormation runs it', () => {
  it('resolves conditions, parameters and intrinsics, and orders by DependsOn and GetAtt', () => {
    const home = expandTemplate(template, 'us-east-1', 'aws');
    expect(home.map((r) => [r.logicalId, r.after])).toEqual([
      ['Role', []],
      ['Fn', ['Role']],
      ['Recorder', ['Fn']],
    ]);
    expect(home[0].properties.RoleName).toBe('r-us-east-1');
    expect(home[2].properties.Global).toBe(true);
    expect(expandTemplate(template, 'eu-west-1', 'aws')[2].properties.Global).toBe(false);
  });

  it('a parameter switches a conditional resource off', () => {
    expect(expandTemplate(template, 'us-east-1', 'aws', { Mode: 'existing' }).map((r) => r.logicalId)).toEqual(['Role', 'Fn']);
  });
});
